"""Spec checks beyond types: references that point nowhere, duplicates, typos."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.schema import specs
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Default
from schemahero.schema.parsing import is_type_name, parse
from schemahero.schema.sql_tables import seed_rows, to_table


def table(block: dict[str, Any], **extra: Any) -> SpecObject:
    return SpecObject("Table", "t", {"name": "t", "schema": {"postgres": block}, **extra}, "f: Table t")


def codes(obj: SpecObject) -> list[tuple[str, str]]:
    return sorted((d.code, d.path) for d in parse(obj)[1])


def test_references_to_unknown_columns() -> None:
    block = {
        "primaryKey": ["nope"],
        "columns": [{"name": "id", "type": "int"}],
        "indexes": [{"columns": ["id", "ghost"]}],
        "foreignKeys": [{"columns": ["id"], "references": {"table": "o", "columns": ["a", "b"]}}],
    }
    assert codes(table(block)) == [
        ("foreign-key-arity", "spec.schema.postgres.foreignKeys[0].references.columns"),
        ("unknown-column", "spec.schema.postgres.indexes[0].columns[1]"),
        ("unknown-column", "spec.schema.postgres.primaryKey[0]"),
    ]


def test_typo_is_a_warning_with_a_suggestion() -> None:
    [problem] = parse(table({"columns": [{"name": "id", "type": "int", "defualt": "1"}]}))[1]
    assert problem.severity.value == "warning"
    assert "did you mean 'default'" in problem.message


def test_seed_value_with_both_kinds_is_ambiguous() -> None:
    seed = {"rows": [{"columns": [{"column": "id", "value": {"int": 1, "str": "1"}}]}]}
    assert codes(table({}, seedData=seed)) == [("ambiguous-value", "spec.seedData.rows[0].columns[0].value")]


def test_every_kind_parses() -> None:
    examples = {
        "View": {
            "name": "v",
            "schema": {"timescaledb": {"query": "select 1", "isContinuousAggregate": True}},
        },
        "Function": {
            "name": "f",
            "schema": {
                "postgres": {
                    "as": "select 1",
                    "lang": "sql",
                    "return": "int",
                    "params": [{"name": "a", "type": "int"}],
                }
            },
        },
        "DatabaseExtension": {"database": "d", "postgres": {"name": "pgcrypto", "version": "1.3"}},
        "DataType": {
            "name": "t",
            "schema": {"cassandra": {"fields": [{"name": "a", "type": "text"}]}},
        },
        "Database": {
            "connection": {
                "postgres": {"uri": {"valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}},
                "plugin": {"ociRef": "registry/x:1"},
            },
            "immediateDeploy": True,
        },
    }
    for kind, spec in examples.items():
        parsed, problems = parse(SpecObject(kind, "x", spec, "here"))
        assert problems == [] and type(parsed) is specs.KIND_SPECS[kind], kind


def test_to_table_applies_upstream_default_names() -> None:
    block = specs.SqlTableSchema(
        columns=[
            specs.SqlColumn("a", "INT", specs.ColumnConstraints(True), default="5"),
            specs.SqlColumn("b", "int"),
        ],
        primary_key=["a"],
        indexes=[specs.SqlIndex(["a", "b"], is_unique=True)],
        foreign_keys=[
            specs.SqlForeignKey(["b"], specs.ForeignKeyReferences("o", ["id"]), on_delete="CASCADE")
        ],
    )
    t = to_table(block, "t", normalize_type=str.lower, parse_default=lambda v, _: Default(v))
    assert [c.type for c in t.columns] == ["int", "int"]
    assert not t.columns[0].nullable and t.columns[0].default == Default("5")
    assert t.indexes[0].name == "idx_t_a_b" and t.indexes[0].unique
    assert (t.foreign_keys[0].name, t.foreign_keys[0].on_delete) == ("t_b_fkey", "cascade")


def test_seed_rows_keep_ints_and_nulls() -> None:
    seed = specs.SeedData(
        [
            specs.SeedRow(
                [
                    specs.SeedColumn("a", specs.SeedValue(int_=1)),
                    specs.SeedColumn("b", specs.SeedValue()),
                ]
            )
        ]
    )
    assert seed_rows(seed) == [(("a", 1), ("b", None))]


def test_malformed_lists_are_diagnostics_not_crashes() -> None:
    block = {"columns": "nope", "indexes": 3, "foreignKeys": {"a": 1}, "primaryKey": "id"}
    assert codes(table(block, seedData={"rows": "x"})) == [
        ("invalid-type", "spec.schema.postgres.columns"),
        ("invalid-type", "spec.schema.postgres.foreignKeys"),
        ("invalid-type", "spec.schema.postgres.indexes"),
        ("invalid-type", "spec.schema.postgres.primaryKey"),
        ("invalid-type", "spec.seedData.rows"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "integer",
        "varchar(255)",
        "character varying (255)",
        "numeric(10, 2)",
        "timestamp with time zone",
        "text[]",
        "integer[3]",
        "map<text, int>",
        "frozen<list<text>>",
        "enum('a', 'it''s')",
        "int unsigned",
        "timestamp(3) with time zone",
        "vector(1536)",
        "public.citext",
        "text (65535)",
    ],
)
def test_type_names_users_write(text: str) -> None:
    assert is_type_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "int; drop table users",
        "int -- comment",
        "text, evil text",
        '"quoted"',
        "int /* x */",
        "(int)",
        "varchar(255",
        "enum('a')'",
        "int) , (x int",
        "1int",
        "",
    ],
)
def test_type_names_that_would_inject_sql(text: str) -> None:
    assert not is_type_name(text)


def test_invalid_type_and_on_delete_are_diagnostics() -> None:
    block = {
        "columns": [{"name": "id", "type": "int); drop table users; --"}],
        "foreignKeys": [
            {
                "columns": ["id"],
                "references": {"table": "o", "columns": ["id"]},
                "onDelete": "cascade; drop table o",
            }
        ],
    }
    assert codes(table(block)) == [
        ("invalid-type-name", "spec.schema.postgres.columns[0].type"),
        ("invalid-value", "spec.schema.postgres.foreignKeys[0].onDelete"),
    ]
