"""Specs to the desired model: tables, deletions, seed rows, and diagnostics instead of crashes."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.drivers.sqlite import SqliteEngine, attrs
from schemahero.schema.diagnostics import Diagnostic, Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, Default, ForeignKey, Index, ObjectRef, PrimaryKey, Table

USERS = ObjectRef("table", "users")


def table(block: dict[str, Any] | None = None, engine: str = "sqlite", **spec: Any) -> SpecObject:
    body: dict[str, Any] = {"name": "users", **spec}
    if block is not None:
        body["schema"] = {engine: block}
    return SpecObject("Table", "users", body, "users.yaml: Table users")


def errors(found: list[Diagnostic]) -> list[tuple[str, str]]:
    return [(d.code, d.path) for d in found if d.severity is Severity.ERROR]


BLOCK = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "INTEGER", "constraints": {"notNull": True}},
        {"name": "name", "type": "varchar (10)", "default": "it's"},
        {"name": "at", "type": "datetime", "default": "CURRENT_TIMESTAMP"},
    ],
    "indexes": [{"columns": ["name"], "isUnique": True}],
    "foreignKeys": [
        {"columns": ["name"], "references": {"table": "names", "columns": ["n"]}},
        {
            "columns": ["id"],
            "references": {"table": "ids", "columns": ["id"]},
            "onDelete": "NO ACTION",
            "name": "fk",
        },
    ],
}


def test_a_table_block_becomes_a_normalised_table() -> None:
    desired, problems = SqliteEngine().desired([table(BLOCK)])
    assert problems == []
    (users,) = desired.objects
    assert isinstance(users, Table) and users.ref == USERS
    assert users.columns == (
        Column("id", "integer", nullable=False),
        Column("name", "varchar(10)", default=Default("it's")),
        Column("at", "datetime", default=Default("CURRENT_TIMESTAMP", expression=True)),
    )
    assert users.primary_key == PrimaryKey(("id",))
    assert users.indexes == (Index("idx_users_name", ("name",), unique=True),)
    assert users.foreign_keys == (
        ForeignKey("users_name_fkey", ("name",), "names", ("n",)),
        ForeignKey("fk", ("id",), "ids", ("id",)),
    )
    assert users.attrs[attrs.STRICT] is False
    assert len(users.attrs[attrs.SPEC_DIGEST]) == 64


def test_the_engine_name_picks_the_block() -> None:
    desired, problems = SqliteEngine("rqlite").desired([table(BLOCK, engine="rqlite")])
    assert problems == [] and [t.name for t in desired.objects] == ["users"]
    _, problems = SqliteEngine().desired([table(BLOCK, engine="rqlite")])
    assert errors(problems) == [("missing-schema", "spec.schema")]


def test_deleted_tables_and_seed_rows() -> None:
    seed = {"rows": [{"columns": [{"column": "id", "value": {"int": 1}}, {"column": "name", "value": {}}]}]}
    desired, problems = SqliteEngine().desired(
        [
            table(seedData=seed),
            SpecObject("Table", "old", {"name": "old", "schema": {"sqlite": {"isDeleted": True}}}),
        ]
    )
    assert problems == [] and desired.objects == []
    assert desired.seeds == {USERS: [(("id", 1), ("name", None))]}
    assert desired.deleted == [ObjectRef("table", "old")]


@pytest.mark.parametrize("kind", ["View", "Function", "DataType", "DatabaseExtension"])
def test_kinds_sqlite_does_not_manage_are_diagnostics(kind: str) -> None:
    spec = SpecObject(kind, "thing", {"name": "thing"}, f"thing.yaml: {kind} thing")
    desired, problems = SqliteEngine().desired([spec])
    assert ("unsupported-kind", "kind") in errors(problems)
    assert all(p.source == spec.source for p in problems)
    assert desired.objects == []


BAD_BLOCKS = [
    ({"columns": []}, ("no-columns", "spec.schema.sqlite.columns")),
    (
        {"columns": [{"name": "a", "type": "int); drop table x; --"}]},
        ("invalid-type-name", "spec.schema.sqlite.columns[0].type"),
    ),
    (
        {"strict": True, "columns": [{"name": "a", "type": "varchar(10)"}]},
        ("invalid-type", "spec.schema.sqlite.columns[0].type"),
    ),
    (
        {
            "columns": [{"name": "a", "type": "int"}],
            "foreignKeys": [
                {"columns": ["a"], "references": {"table": "t", "columns": ["b"]}, "onDelete": "x"}
            ],
        },
        ("invalid-value", "spec.schema.sqlite.foreignKeys[0].onDelete"),
    ),
    (
        {"columns": [{"name": "a", "type": "int"}], "indexes": [{"columns": ["a"], "name": "sqlite_x"}]},
        ("reserved-name", "spec.schema.sqlite.indexes[0]"),
    ),
    (
        {"columns": [{"name": "a", "type": "int"}], "indexes": [{"columns": ["a"]}] * 2},
        ("duplicate-index", "spec.schema.sqlite.indexes[1]"),
    ),
    (
        {"columns": [{"name": "a", "type": "text", "attributes": {"autoIncrement": True}}]},
        ("invalid-auto-increment", "spec.schema.sqlite.columns[0].attributes.autoIncrement"),
    ),
    (
        {"columns": [{"name": "a", "type": "text", "default": "a\x00b"}]},
        ("invalid-value", "spec.schema.sqlite.columns[0].default"),
    ),
]


@pytest.mark.parametrize(("block", "expected"), BAD_BLOCKS, ids=[e[0] for _, e in BAD_BLOCKS])
def test_what_sqlite_would_refuse_is_a_located_diagnostic(
    block: dict[str, Any], expected: tuple[str, str]
) -> None:
    desired, problems = SqliteEngine().desired([table(block)])
    assert errors(problems) == [expected]
    assert problems[0].source == "users.yaml: Table users"
    assert desired.objects == []


def test_seed_rows_must_name_columns_of_the_table() -> None:
    seed = {"rows": [{"columns": [{"column": "nope", "value": {"int": 1}}]}, {"columns": []}]}
    block = {"columns": [{"name": "id", "type": "integer"}]}
    desired, problems = SqliteEngine().desired([table(block, seedData=seed)])
    assert errors(problems) == [
        ("unknown-column", "spec.seedData.rows[0].columns[0]"),
        ("no-columns", "spec.seedData.rows[1]"),
    ]
    assert desired.seeds == {}


def test_a_table_described_twice_is_an_error() -> None:
    _, problems = SqliteEngine().desired([table(BLOCK), table(BLOCK)])
    assert errors(problems) == [("duplicate-table", "spec.name")]


def test_the_engine_publishes_its_block_schema() -> None:
    info = SqliteEngine().info
    schema = info.spec_schemas["sqlite"]
    assert info.engines == ("sqlite",)
    assert {"columns", "primaryKey", "indexes", "foreignKeys", "strict", "isDeleted"} <= set(
        schema["properties"]
    )
