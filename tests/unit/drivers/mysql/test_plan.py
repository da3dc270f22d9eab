"""Typed changes to exact MySQL statements, with no database."""

from __future__ import annotations

from typing import Any

from schemahero.diffing import diff, order
from schemahero.driver_api import StepKind
from schemahero.drivers.mysql import plan
from schemahero.drivers.mysql.database import DatabaseOptions
from schemahero.drivers.mysql.desired import table as to_model
from schemahero.drivers.mysql.hooks import MysqlHooks
from schemahero.schema import specs
from schemahero.schema.changes import DropTable, ModifyDatabase
from schemahero.schema.decoding import decode
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import Column, Default, Desired, Index, ObjectRef, Schema, Table


def model(name: str, block: dict[str, Any]) -> Table:
    decoded, problems = decode(specs.MysqlTableSchema, block, "spec.schema.mysql")
    assert decoded is not None and not problems
    return to_model(decoded, name)


def live(name: str, block: dict[str, Any], charset: str = "utf8mb4") -> Table:
    """A table as inspect reports it: columns with the table's character set."""
    table = model(name, block)
    attrs = {"charset": charset, "collation": f"{charset}_general_ci"}
    columns = tuple(
        Column(
            c.name,
            c.type,
            c.nullable and not c.attrs.get("primary_key"),
            c.default,
            c.auto_increment,
            {**attrs, "inherits": True} if c.type.startswith(("varchar", "text")) else {},
        )
        for c in table.columns
    )
    return Table(
        table.name,
        columns,
        table.primary_key,
        table.indexes,
        table.foreign_keys,
        attrs={**attrs, "database_charset": "utf8mb4", "database_collation": "utf8mb4_general_ci"},
    )


def sql(
    live_tables: list[Table], wanted: list[Table], seeds: dict[ObjectRef, Any] | None = None
) -> list[str]:
    changes = diff(Schema.of(live_tables), Desired([*wanted], seeds=seeds or {}), MysqlHooks())
    return [step.sql for step in plan.render(order(changes))]


ID = {"name": "id", "type": "int", "constraints": {"notNull": True}}


def test_create_table_prints_as_upstream() -> None:
    block = {
        "primaryKey": ["id"],
        "defaultCharset": "utf16",
        "collation": "utf16_bin",
        "columns": [
            {**ID, "attributes": {"autoIncrement": True}},
            {"name": "order", "type": "text (65535)", "charset": "utf8mb4"},
            {"name": "label", "type": "varchar(10)", "default": "it's \\ here"},
        ],
        "indexes": [{"columns": ["label"], "isUnique": True}, {"columns": ["order"], "type": "FULLTEXT"}],
    }

    assert sql([], [model("t", block)]) == [
        "create table `t` (`id` int (11) not null auto_increment, `order` text character set utf8mb4, "
        "`label` varchar (10) default 'it''s \\\\ here', primary key (`id`), unique key idx_t_label (label), "
        "fulltext key idx_t_order (`order`)) default character set utf16 collate utf16_bin"
    ]


def test_not_null_with_a_default_is_three_steps() -> None:
    before = live("t", {"columns": [ID, {"name": "plan", "type": "varchar(10)"}]})
    after = model(
        "t",
        {
            "columns": [
                ID,
                {
                    "name": "plan",
                    "type": "varchar(10)",
                    "constraints": {"notNull": True},
                    "default": 'say "hi"',
                },
            ]
        },
    )

    assert sql([before], [after]) == [
        'alter table `t` modify column `plan` varchar (10) null default "say ""hi"""',
        'update `t` set `plan`="say ""hi""" where `plan` is null',
        'alter table `t` modify column `plan` varchar (10) not null default "say ""hi"""',
    ]


def test_a_primary_key_with_auto_increment_moves_in_one_statement() -> None:
    auto = {**ID, "attributes": {"autoIncrement": True}}
    other = {"name": "other", "type": "int", "constraints": {"notNull": True}}
    before = live("t", {"primaryKey": ["id"], "columns": [auto, other]})
    after = model("t", {"primaryKey": ["id", "other"], "columns": [auto, other]})

    assert sql([before], [after]) == [
        "alter table `t` drop primary key, add constraint `t_pkey` primary key (`id`, `other`)"
    ]


def test_auto_increment_leaves_before_its_key_and_comes_after_the_new_one() -> None:
    before = live(
        "t",
        {
            "primaryKey": ["id"],
            "columns": [{**ID, "attributes": {"autoIncrement": True}}, {"name": "n", "type": "int"}],
        },
    )
    after = model(
        "t",
        {
            "primaryKey": ["n"],
            "columns": [{"name": "n", "type": "bigint", "attributes": {"autoIncrement": True}}],
        },
    )

    assert sql([before], [after]) == [
        "alter table `t` modify column `id` int (11) not null",
        "alter table `t` drop primary key",
        "alter table `t` drop column `id`",
        "alter table `t` modify column `n` bigint (20) not null",
        "alter table `t` add constraint `t_pkey` primary key (`n`)",
        "alter table `t` modify column `n` bigint (20) not null auto_increment",
    ]


def test_new_columns_come_first_when_every_old_one_goes() -> None:
    before = live("t", {"columns": [{"name": "a", "type": "int"}]})
    after = model("t", {"columns": [{"name": "b", "type": "int"}]})

    assert sql([before], [after]) == [
        "alter table `t` add column `b` int (11)",
        "alter table `t` drop column `a`",
    ]


def test_a_conversion_sets_again_what_it_overrides() -> None:
    columns = [
        ID,
        {"name": "own", "type": "varchar(5)", "charset": "latin1"},
        {"name": "body", "type": "text"},
    ]
    before = live("t", {"columns": columns}, charset="latin1")
    after = model("t", {"columns": columns})

    assert sql([before], [after]) == [
        "alter table t convert to character set utf8mb4 collate utf8mb4_general_ci",
        "alter table `t` modify column `own` varchar (5) character set latin1",
        "alter table `t` modify column `body` text",
    ]


def test_seed_rows_are_upserts() -> None:
    rows = [(("id", 1), ("note", "two\nlines")), (("id", 2), ("note", None)), (("id", 3), ("note", "a'b\\c"))]
    t = model("t", {"primaryKey": ["id"], "columns": [ID, {"name": "note", "type": "text"}]})

    assert sql(
        [live("t", {"primaryKey": ["id"], "columns": [ID, {"name": "note", "type": "text"}]})],
        [t],
        {t.ref: rows},
    ) == [
        "insert into t (id, note) values (1, CONCAT_WS(CHAR(10 using utf8), 'two', 'lines'))"
        " on duplicate key update id=1, note=CONCAT_WS(CHAR(10 using utf8), 'two', 'lines')",
        "insert into t (id, note) values (2, null) on duplicate key update id=2, note=null",
        "insert into t (id, note) values (3, 'a''b\\\\c') on duplicate key update id=3, note='a''b\\\\c'",
    ]


def test_dropping_a_foreign_key_drops_the_index_made_for_it() -> None:
    fk = {"columns": ["p"], "references": {"table": "parent", "columns": ["id"]}, "name": "t_p"}
    before = live("t", {"columns": [ID, {"name": "p", "type": "int"}], "foreignKeys": [fk]})
    before = Table(
        before.name,
        before.columns,
        None,
        (Index("t_p", ("p",), attrs={"foreign_key": True}),),
        before.foreign_keys,
        attrs=before.attrs,
    )
    after = model("t", {"columns": [ID, {"name": "p", "type": "int"}]})

    steps = sql([before], [after])

    assert steps == ["alter table `t` drop foreign key `t_p`", "alter table `t` drop index `t_p`"]


def test_the_database_defaults_change_first() -> None:
    options = DatabaseOptions("app", "latin1", "latin1_swedish_ci", "utf8mb4", "utf8mb4_bin")
    changes = order(
        diff(Schema(), Desired([model("t", {"columns": [ID]})]), MysqlHooks(), database=options.attrs())
    )

    assert changes[0] == ModifyDatabase(
        "app", options.attrs().live, {"charset": "utf8mb4", "collation": "utf8mb4_bin"}
    )
    first, created = plan.render(changes)
    assert (first.sql, first.kind, first.object, first.transactional) == (
        "alter database `app` character set utf8mb4 collate utf8mb4_bin",
        StepKind.ALTER_DATABASE,
        None,
        False,
    )
    assert created.kind is StepKind.CREATE_TABLE


def test_database_defaults_asked_and_had_change_nothing() -> None:
    options = DatabaseOptions("app", "utf8mb4", "utf8mb4_bin", "UTF8MB4", "utf8mb4_BIN")

    assert diff(Schema(), Desired(), MysqlHooks(), database=options.attrs()) == []
    assert plan.render([ModifyDatabase("app", {}, {"charset": "latin1"})])[0].sql == (
        "alter database `app` character set latin1"
    )


def test_hazards() -> None:
    before = live("t", {"columns": [ID, {"name": "gone", "type": "int"}]})
    after = model("t", {"columns": [{"name": "id", "type": "bigint"}]})
    steps = plan.render(
        order(diff(Schema.of([before]), Desired([after], deleted=[ObjectRef("table", "x")]), MysqlHooks()))
    )

    assert [(s.kind, {h.kind for h in s.hazards}) for s in steps] == [
        (StepKind.ALTER_TABLE, {HazardKind.DELETES_DATA}),
        (StepKind.ALTER_TABLE, {HazardKind.REWRITES_TABLE, HazardKind.MAY_FAIL_ON_DATA}),
    ]
    drop = plan.render([DropTable(before)])
    assert [h.kind for h in drop[0].hazards] == [HazardKind.DELETES_DATA]


def test_expression_defaults_are_printed_as_sql() -> None:
    t = Table("t", (Column("at", "datetime", default=Default("CURRENT_TIMESTAMP", expression=True)),))
    assert plan.create_table(t) == "create table `t` (`at` datetime default CURRENT_TIMESTAMP)"
