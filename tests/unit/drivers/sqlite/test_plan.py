"""The renderer: typed changes in, exact SQLite statements with their hazards out (no database)."""

from __future__ import annotations

import dataclasses

import pytest

from schemahero.driver_api.types import Step, StepKind
from schemahero.drivers.sqlite import attrs
from schemahero.drivers.sqlite.plan import render
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropIndex,
    DropTable,
    ModifyColumn,
    ModifyPrimaryKey,
    ModifyTable,
    ModifyTableAttrs,
    UpsertRows,
)
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import (
    Column,
    Default,
    ForeignKey,
    Index,
    ObjectRef,
    PrimaryKey,
    Table,
    View,
)
from tests.unit.drivers.sqlite.conftest import text, users

OLD = "users_" + "d" * 64


def sql(steps: list[Step]) -> list[str]:
    return [s.sql for s in steps]


def hazards(step: Step) -> set[HazardKind]:
    return {h.kind for h in step.hazards}


# --- create table ---------------------------------------------------------------------------


def test_create_table_as_upstream_prints_it() -> None:
    table = users(text("login"), text("title", default="salah", nullable=False))
    steps = render([CreateTable(table)])
    assert sql(steps) == [
        'create table "users" ("id" integer not null, "name" text, "login" text,'
        ' "title" text not null default \'salah\', primary key ("id"))'
    ]
    assert steps[0].kind is StepKind.CREATE_TABLE and steps[0].object == table.ref
    assert not steps[0].hazards


def test_create_table_with_foreign_keys_indexes_and_strict() -> None:
    table = Table(
        "user_project",
        columns=(Column("user_id", "integer"), Column("misc_id", "text", nullable=False)),
        primary_key=PrimaryKey(("user_id", "misc_id")),
        foreign_keys=(
            ForeignKey("user_project_user_id_fkey", ("user_id",), "users", ("id",)),
            ForeignKey("misc_named_fk", ("misc_id",), "misc", ("pk",), on_delete="cascade"),
        ),
        indexes=(
            Index("idx_user_project_misc_id", ("misc_id",)),
            Index("by user", ("user_id", "misc_id"), unique=True),
        ),
        attrs={attrs.STRICT: True},
    )
    steps = render([CreateTable(table)])
    assert sql(steps) == [
        'create table "user_project" ("user_id" integer, "misc_id" text not null,'
        ' primary key ("user_id", "misc_id"),'
        " constraint user_project_user_id_fkey foreign key (user_id) references users (id),"
        " constraint misc_named_fk foreign key (misc_id) references misc (pk) on delete cascade)"
        " strict",
        "create index idx_user_project_misc_id on user_project (misc_id)",
        'create unique index "by user" on user_project (user_id, misc_id)',
    ]
    assert [s.kind for s in steps[1:]] == [StepKind.CREATE_INDEX] * 2
    assert hazards(steps[1]) == hazards(steps[2]) == set(), "a new table has no rows to index"


def test_autoincrement_makes_the_column_the_primary_key() -> None:
    table = Table(
        "events",
        columns=(Column("id", "integer", nullable=False, auto_increment=True),),
        primary_key=PrimaryKey(("id",)),
    )
    assert sql(render([CreateTable(table)])) == [
        'create table "events" ("id" integer not null primary key autoincrement)'
    ]


@pytest.mark.parametrize(
    ("default", "printed"),
    [
        (Default("it's"), "default 'it''s'"),
        (Default("5"), "default '5'"),
        (Default(""), "default ''"),
        (Default("CURRENT_TIMESTAMP", expression=True), "default CURRENT_TIMESTAMP"),
        (Default("1 + 2", expression=True), "default (1 + 2)"),
    ],
)
def test_defaults(default: Default, printed: str) -> None:
    table = Table("t", columns=(Column("c", "text", default=default),))
    assert sql(render([CreateTable(table)])) == [f'create table "t" ("c" text {printed})']


def test_drop_table_deletes_data() -> None:
    (step,) = render([DropTable(users())])
    assert step.sql == "drop table users"
    assert step.kind is StepKind.DROP_TABLE and hazards(step) == {HazardKind.DELETES_DATA}


# --- in place -------------------------------------------------------------------------------


def test_add_and_drop_columns_in_place() -> None:
    live = users(Column("age", "integer"))
    want = users(Column("score", "integer", default=Default("0"), nullable=False))
    change = ModifyTable(live, want, (DropColumn(Column("age", "integer")), AddColumn(want.columns[2])))
    steps = render([change])
    assert sql(steps) == [
        'alter table "users" add column "score" integer not null default \'0\'',
        'alter table "users" drop column "age"',
    ], "a table must keep a column: additions come first"
    assert [s.kind for s in steps] == [StepKind.ALTER_TABLE] * 2
    assert not steps[0].hazards and hazards(steps[1]) == {HazardKind.DELETES_DATA}


def test_indexes_change_in_place_and_upstream_guards_only_unique_drops() -> None:
    plain, unique = Index("idx_users_name", ("name",)), Index("u", ("name",), unique=True)
    change = ModifyTable(
        users(indexes=(plain, unique)),
        users(indexes=(dataclasses.replace(plain, columns=("id",)),)),
        (DropIndex(plain), DropIndex(unique), AddIndex(Index("idx_users_name", ("id",)))),
    )
    steps = render([change])
    assert sql(steps) == [
        "drop index idx_users_name",
        "drop index if exists u",
        "create index idx_users_name on users (id)",
    ]
    assert hazards(steps[2]) == {HazardKind.BUILDS_INDEX}


# --- rebuild --------------------------------------------------------------------------------


def rebuild_sql(want: Table) -> list[str]:
    return [
        "begin transaction",
        f'alter table "users" rename to "{OLD}"',
        render([CreateTable(want)])[0].sql,
    ]


def test_a_type_change_rebuilds_the_table() -> None:
    live = users(Column("age", "real"))
    want = users(Column("age", "integer"))
    change = ModifyTable(live, want, (ModifyColumn(live.columns[2], want.columns[2], ColumnChange.TYPE),))
    steps = render([change])
    assert sql(steps) == [
        *rebuild_sql(want),
        f"insert into users (id, name, age) select id, name, age from {OLD}",
        f"drop table {OLD}",
        "commit",
    ]
    assert steps[0].kind is StepKind.BEGIN and steps[-1].kind is StepKind.COMMIT
    assert {s.kind for s in steps[1:-1]} == {StepKind.REBUILD_TABLE}
    assert hazards(steps[3]) == {HazardKind.REWRITES_TABLE}
    assert not steps[4].hazards


def test_a_rebuild_that_loses_columns_and_adds_not_null_says_so() -> None:
    live = users(Column("age", "integer"))
    want = dataclasses.replace(
        users(text("email", nullable=False)),
        columns=(Column("id", "integer", nullable=False), text("email", nullable=False)),
    )
    change = ModifyTable(
        live,
        want,
        (
            DropColumn(live.columns[1]),
            DropColumn(live.columns[2]),
            AddColumn(want.columns[1]),
        ),
    )
    steps = render([change])
    insert, drop = steps[3], steps[4]
    assert insert.sql == f"insert into users (id) select id from {OLD}"
    assert hazards(insert) == {HazardKind.REWRITES_TABLE, HazardKind.MAY_FAIL_ON_DATA}
    assert "email has NULLs" in str(insert.hazards[1])
    assert hazards(drop) == {HazardKind.DELETES_DATA}
    assert "name, age" in str(drop.hazards[0])


@pytest.mark.parametrize(
    "change",
    [
        ModifyPrimaryKey(PrimaryKey(("id",)), PrimaryKey(("id", "name"))),
        AddForeignKey(ForeignKey("users_name_fkey", ("name",), "names", ("name",))),
        ModifyTableAttrs((attrs.STRICT,)),
        DropIndex(Index("sqlite_autoindex_users_1", ("name",), True, {attrs.CONSTRAINT: True})),
        AddColumn(Column("email", "text", nullable=False)),
        AddColumn(Column("at", "datetime", default=Default("CURRENT_TIMESTAMP", expression=True))),
    ],
    ids=["primary-key", "foreign-key", "strict", "unique-constraint", "not-null", "expression"],
)
def test_what_alter_table_cannot_do_is_a_rebuild(change: object) -> None:
    steps = render([ModifyTable(users(), users(), (change,))])  # type: ignore[arg-type]
    assert steps[0].sql == "begin transaction" and steps[-1].sql == "commit"


def test_dropping_a_column_under_a_unique_constraint_rebuilds() -> None:
    constraint = Index("sqlite_autoindex_users_1", ("email",), True, {attrs.CONSTRAINT: True})
    live = users(text("email"), indexes=(constraint,))
    change = ModifyTable(live, users(), (DropIndex(constraint), DropColumn(live.columns[2])))
    assert sql(render([change])) == [
        *rebuild_sql(users()),
        f"insert into users (id, name) select id, name from {OLD}",
        f"drop table {OLD}",
        "commit",
    ]


def test_a_rebuild_drops_live_indexes_whose_names_it_creates_again() -> None:
    index = Index("idx_users_name", ("name",))
    live = users(Column("age", "real"), indexes=(index, Index("other", ("id",))))
    want = users(Column("age", "integer"), indexes=(index,))
    change = ModifyTable(
        live,
        want,
        (
            DropIndex(Index("other", ("id",))),
            ModifyColumn(live.columns[2], want.columns[2], ColumnChange.TYPE),
        ),
    )
    assert sql(render([change]))[:5] == [
        "begin transaction",
        "drop index idx_users_name",
        f'alter table "users" rename to "{OLD}"',
        render([CreateTable(want)])[0].sql,
        "create index idx_users_name on users (name)",
    ]


def test_without_a_spec_digest_the_temporary_name_comes_from_the_model() -> None:
    live = users(Column("age", "real"))
    want = dataclasses.replace(users(Column("age", "integer")), attrs={})
    change = ModifyTable(live, want, (ModifyColumn(live.columns[2], want.columns[2], ColumnChange.TYPE),))
    first, second = render([change])[1].sql, render([change])[1].sql
    assert first == second and first.startswith('alter table "users" rename to "users_')
    assert len(first.split('"')[3]) == len("users_") + 64


# --- seed rows ------------------------------------------------------------------------------


def test_seed_rows_are_replaced_one_statement_each() -> None:
    ref = ObjectRef("table", "users")
    rows = (
        (("id", 1), ("login", "test"), ("name", "it's")),
        (("id", 2), ("login", None), ("order", "x")),
    )
    steps = render([UpsertRows(ref, rows, ("id",))])
    assert sql(steps) == [
        "replace into users (id, login, name) values (1, 'test', 'it''s')",
        "replace into users (id, login, \"order\") values (2, null, 'x')",
    ]
    assert all(s.kind is StepKind.UPSERT_ROWS and s.object == ref for s in steps)
    assert all(hazards(s) == {HazardKind.CHANGES_DATA} for s in steps)


def test_objects_sqlite_does_not_manage_are_a_bug_not_a_statement() -> None:
    with pytest.raises(TypeError, match="CreateObject"):
        render([CreateObject(View("v", "select 1"))])
