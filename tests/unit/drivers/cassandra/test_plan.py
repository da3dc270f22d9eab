"""The renderer: typed changes in, exact CQL with hazards out, or a refusal with diagnostics."""

from __future__ import annotations

import dataclasses

import pytest

from schemahero.driver_api.types import Step, StepKind
from schemahero.drivers.cassandra import attrs
from schemahero.drivers.cassandra.plan import render
from schemahero.schema.changes import (
    AddColumn,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropObject,
    DropTable,
    ModifyColumn,
    ModifyTable,
    ModifyTableAttrs,
    ReplaceObject,
    UpsertRows,
)
from schemahero.schema.diagnostics import SpecError
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import Column, DataType, ObjectRef
from tests.unit.drivers.cassandra.conftest import SOURCE, users


def sql(steps: list[Step]) -> list[str]:
    return [s.sql for s in steps]


def refused(*changes: object) -> list[tuple[str, str, str]]:
    with pytest.raises(SpecError) as raised:
        render(list(changes))  # type: ignore[arg-type]
    return [(d.code, d.path, d.source) for d in raised.value.diagnostics]


def test_create_table_as_upstream_prints_it() -> None:
    table = users(Column("login", "varchar"))
    assert sql(render([CreateTable(table)])) == [
        'create table "users" (id int, name text, login varchar, primary key (id))'
    ]


def test_create_table_with_every_part() -> None:
    table = dataclasses.replace(
        users(
            Column("Owner", "text", attrs={attrs.STATIC: True}),
            Column("order", "int"),
            clustering=(("order", "asc"), ("at", "desc")),
        ),
        name="Events",
    )
    table = dataclasses.replace(
        table,
        columns=(*table.columns, Column("at", "timestamp")),
        attrs={
            **table.attrs,
            attrs.PARTITION_KEY: ("id", "name"),
            attrs.ORDERED: "at",
            attrs.PROPERTIES: {
                "comment": "it's",
                "crc_check_chance": "0.5",
                "caching": {"rows_per_partition": "1", "keys": "ALL"},
            },
        },
    )
    assert sql(render([CreateTable(table)])) == [
        'create table "Events" (id int, name text, "Owner" text static, "order" int, at timestamp,'
        ' primary key ((id, name), "order", at)) with clustering order by ("order" asc, at desc)'
        " AND caching = {'keys':'ALL','rows_per_partition':'1'} AND comment = 'it''s'"
        " AND crc_check_chance = 0.5"
    ]


def test_columns_are_added_and_dropped_one_statement_each() -> None:
    live, wanted = (
        users(Column("old", "int")),
        users(Column("new", "set<text>"), Column("_x", "int", attrs={attrs.STATIC: True})),
    )
    steps = render(
        [
            ModifyTable(
                live, wanted, (DropColumn(Column("old", "int")), *(AddColumn(c) for c in wanted.columns[2:]))
            )
        ]
    )
    assert sql(steps) == [
        'alter table "users" drop old',
        'alter table "users" add new set<text>',
        'alter table "users" add "_x" int static',
    ]
    assert [{h.kind for h in s.hazards} for s in steps] == [{HazardKind.DELETES_DATA}, set(), set()]
    assert {s.transactional for s in steps} == {False}


def test_only_changed_properties_are_set() -> None:
    wanted = users(
        more={attrs.PROPERTIES: {"comment": "new", "crc_check_chance": "0.5", "default_time_to_live": 5}}
    )
    change = ModifyTableAttrs(("properties.crc_check_chance", "properties.comment"))
    assert sql(render([ModifyTable(users(), wanted, (change,))])) == [
        "alter table users with comment = 'new' and crc_check_chance = '0.5'"
    ]


def test_a_dropped_table_deletes_its_rows() -> None:
    [step] = render([DropTable(users())])
    assert (step.sql, step.kind, [h.kind for h in step.hazards]) == (
        'drop table "users"',
        StepKind.DROP_TABLE,
        [HazardKind.DELETES_DATA],
    )


def test_types_are_created_first_and_dropped_last() -> None:
    point = DataType("point", fields=(("x", "double"), ("y", "double")))
    old = DataType("old", fields=(("a", "int"),))
    grown = dataclasses.replace(point, fields=(*point.fields, ("label", "text")))
    steps = render([DropObject(old), CreateTable(users()), CreateObject(point), ReplaceObject(point, grown)])
    assert sql(steps) == [
        'create type "point" (x double, y double)',
        'alter type "point" add label text',
        'create table "users" (id int, name text, primary key (id))',
        'drop type "old"',
    ]


def test_seed_rows_name_their_keyspace() -> None:
    rows = ((("id", 1), ("name", "it's")), (("id", 2), ("name", None)))
    steps = render([UpsertRows(ObjectRef("table", "users"), rows, ("id",))], "schemahero")
    assert sql(steps) == [
        "INSERT INTO schemahero.users (id, name) VALUES (1, 'it''s')",
        "INSERT INTO schemahero.users (id, name) VALUES (2, null)",
    ]
    assert {h.kind for s in steps for h in s.hazards} == {HazardKind.CHANGES_DATA}


def test_a_type_change_is_refused_naming_the_column() -> None:
    live, wanted = users(Column("login", "int")), users(Column("login", "bigint"))
    change = ModifyColumn(live.columns[2], wanted.columns[2], ColumnChange.TYPE)
    with pytest.raises(SpecError) as raised:
        render([ModifyTable(live, wanted, (change,))])
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.message.startswith("Cassandra cannot change the type of column login (int to bigint)")
    assert (diagnostic.path, diagnostic.source) == ("spec.schema.cassandra.columns[2].type", SOURCE)


def test_every_refusal_of_a_plan_is_reported() -> None:
    dropped = {attrs.DROPPED: {"gone": "int"}}
    live = users(Column("s", "int"), Column("x", "int"), clustering=(("c", "asc"),), more=dropped)
    wanted = users(Column("s", "int", attrs={attrs.STATIC: True}), Column("x", "int"), Column("gone", "text"))
    fields = DataType("t", fields=(("a", "int"), ("b", "int")))
    assert refused(
        ModifyTable(
            live,
            wanted,
            (
                ModifyColumn(live.columns[2], wanted.columns[2], ColumnChange.ATTRS),
                AddColumn(wanted.columns[4]),
                ModifyTableAttrs((attrs.CLUSTERING,)),
            ),
        ),
        ReplaceObject(fields, dataclasses.replace(fields, fields=(("b", "int"),), attrs={attrs.SOURCE: "t"})),
        UpsertRows(ObjectRef("table", "nowhere"), ((("id", 1),),)),
        UpsertRows(ObjectRef("table", "users"), ((("name", "x"),),), ("id",)),
    ) == [
        ("cannot-change-static", "spec.schema.cassandra.columns[2].isStatic", SOURCE),
        ("cannot-readd-column", "spec.schema.cassandra.columns[4].type", SOURCE),
        ("cannot-change-key", "spec.schema.cassandra.primaryKey", SOURCE),
        ("cannot-change-type", "spec.schema.cassandra.fields", "t"),
        ("unknown-table", "spec.seedData", ""),
        ("missing-key", "spec.seedData.rows", ""),
    ]
