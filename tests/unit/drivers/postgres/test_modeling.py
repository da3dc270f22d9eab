"""Specs to the model: normalised as the catalog reader normalises, problems as diagnostics."""

from __future__ import annotations

from typing import Any

from schemahero.drivers.postgres.triggers import Trigger
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, ForeignKey, ObjectRef, Table
from tests.unit.drivers.postgres.conftest import POSTGRES, spec


def errors(*objects: SpecObject) -> list[tuple[str, str]]:
    _, found = POSTGRES.desired(objects)
    return [(d.path, d.code) for d in found if d.severity is Severity.ERROR]


def only_table(block: dict[str, Any]) -> Table:
    desired, found = POSTGRES.desired([spec("t", block)])
    assert not found, found
    (table,) = desired.objects
    assert isinstance(table, Table)
    return table


def test_primary_key_and_serial_columns_are_not_null() -> None:
    table = only_table(
        {
            "primaryKey": ["id"],
            "columns": [
                {"name": "id", "type": "int"},
                {"name": "n", "type": "serial"},
                {"name": "x", "type": "text"},
            ],
        }
    )
    assert table.columns == (
        Column("id", "integer", False, attrs={"implied_not_null": True}),
        Column("n", "serial", False, attrs={"implied_not_null": True}),
        Column("x", "text"),
    )


def test_foreign_keys_may_name_a_schema() -> None:
    table = only_table(
        {
            "columns": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}],
            "foreignKeys": [
                {
                    "columns": ["a"],
                    "references": {"table": "audit.people", "columns": ["id"]},
                    "onDelete": "SET  NULL",
                },
                {
                    "columns": ["b"],
                    "references": {"table": "people", "columns": ["id"]},
                    "onDelete": "no action",
                },
            ],
        }
    )
    assert table.foreign_keys == (
        ForeignKey("t_a_fkey", ("a",), "people", ("id",), "set null", "audit"),
        ForeignKey("t_b_fkey", ("b",), "people", ("id",), "", ""),
    )


def test_index_options_are_checked_against_the_method() -> None:
    """upstream's index-with-clause asks for gin_pending_list_limit on a btree index."""
    block = {
        "columns": [{"name": "a", "type": "text"}, {"name": "v", "type": "vector(3)"}],
        "indexes": [
            {"columns": ["a"], "with": {"fillfactor": 80, "gin_pending_list_limit": 64}},
            {"columns": ["v"], "type": "hnsw", "with": {"m": 16}},
            {"columns": ["a"], "type": "gin", "with": {"fastupdate": "off; drop table x"}},
        ],
    }
    assert errors(spec("t", block)) == [
        ("spec.schema.postgres.indexes[0].with.gin_pending_list_limit", "invalid-option"),
        ("spec.schema.postgres.indexes[2].with.fastupdate", "invalid-value"),
    ]


def test_problems_have_paths() -> None:
    columns = [{"name": "a", "type": "integer"}]
    triggers = [
        {"name": "t", "events": ["after insert", "before update"], "executeProcedure": "fn()"},
        {"name": "u", "events": ["after explode"], "executeProcedure": "fn('x'"},
        {"events": ["after insert"], "execute": {"name": "fn", "params": [{"type": "int"}]}},
    ]
    assert errors(spec("t", {"columns": columns, "triggers": triggers})) == [
        ("spec.schema.postgres.triggers[0].events", "mixed-timing"),
        ("spec.schema.postgres.triggers[1].events[0]", "invalid-event"),
        ("spec.schema.postgres.triggers[1].executeProcedure", "invalid-function"),
        ("spec.schema.postgres.triggers[2].name", "required"),
        ("spec.schema.postgres.triggers[2].execute.params", "unsupported"),
    ]
    assert errors(spec("t", {"columns": [{"name": "a", "type": "integer); drop table x; --"}]})) == [
        ("spec.schema.postgres.columns[0].type", "invalid-type-name")
    ]


def test_triggers() -> None:
    table = only_table(
        {
            "columns": [{"name": "c", "type": "text"}],
            "triggers": [
                {
                    "name": "tt",
                    "events": ["AFTER INSERT", 'after update of "c"'],
                    "forEachRun": True,
                    "condition": "new.c is not null",
                    "executeProcedure": "audit.log('x', 2)",
                }
            ],
        }
    )
    assert table.attrs["triggers"] == (
        Trigger(
            "tt",
            "after",
            ("insert", "update"),
            "log",
            "audit",
            ("x", "2"),
            ("c",),
            True,
            False,
            "new.c is not null",
        ),
    )


def test_each_kind_and_deletion() -> None:
    objects = [
        SpecObject("View", "v", {"name": "v", "schema": {"postgres": {"query": "select 1;\n"}}}),
        SpecObject("Function", "f", {"name": "f", "schema": {"postgres": {"as": "x", "isDeleted": True}}}),
        SpecObject(
            "DataType", "m", {"name": "m", "schema": {"postgres": {"values": ["a", "b"], "schema": "s"}}}
        ),
        SpecObject("DatabaseExtension", "cube", {"postgres": {"name": "cube", "version": "1.5"}}),
        spec("gone", {"isDeleted": True, "schema": "s"}),
        SpecObject(
            "Table",
            "seeded",
            {"name": "seeded", "seedData": {"rows": [{"columns": [{"column": "id", "value": {"int": 1}}]}]}},
        ),
    ]
    desired, found = POSTGRES.desired(objects)
    assert not found
    assert [o.ref for o in desired.objects] == [
        ObjectRef("view", "v"),
        ObjectRef("type", "m", "s"),
        ObjectRef("extension", "cube"),
    ]
    assert desired.objects[0].query == "select 1"  # type: ignore[union-attr]
    assert desired.deleted == [ObjectRef("function", "f"), ObjectRef("table", "gone", "s")]
    assert desired.seeds == {ObjectRef("table", "seeded"): [(("id", 1),)]}


def test_duplicates_and_other_engines() -> None:
    block = {"columns": [{"name": "a", "type": "text"}]}
    assert errors(spec("t", block), spec("t", block)) == [("spec.name", "duplicate")]
    _, found = POSTGRES.desired([spec("t", block, engine="mysql")])
    assert [(d.code, d.severity) for d in found] == [("other-engine", Severity.WARNING)]
