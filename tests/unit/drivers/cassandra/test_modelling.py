"""Specs to the desired model, and every problem Cassandra would refuse, with its path."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.drivers.cassandra import attrs
from schemahero.drivers.cassandra.modelling import desired
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, DataType, ObjectRef, PrimaryKey, Table
from tests.unit.drivers.cassandra.conftest import spec

EVENTS: dict[str, Any] = {
    "primaryKey": [["device", "day"], ["at", "seq"]],
    "clusteringOrder": {"column": "seq", "isDescending": True},
    "columns": [
        {"name": "device", "type": "uuid"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "timestamp"},
        {"name": "seq", "type": "int"},
        {"name": "owner", "type": " varchar ", "isStatic": True},
    ],
    "properties": {"comment": "events", "defaultTTL": 60},
}


def errors(*objects: SpecObject) -> list[tuple[str, str]]:
    _, problems = desired(objects)
    return [(p.code, p.path) for p in problems if p.severity is Severity.ERROR]


def test_a_table_keeps_its_types_as_written_and_its_key_in_parts() -> None:
    found, problems = desired([spec(EVENTS, "events")])
    assert not problems
    [table] = found.objects
    assert isinstance(table, Table)
    assert table.columns[-1] == Column("owner", "varchar", attrs={attrs.STATIC: True})
    assert table.primary_key == PrimaryKey(("device", "day", "at", "seq"))
    assert table.attrs == {
        attrs.PARTITION_KEY: ("device", "day"),
        attrs.CLUSTERING: (("at", "asc"), ("seq", "desc")),
        attrs.ORDERED: "seq",
        attrs.PROPERTIES: {"comment": "events", "default_time_to_live": 60},
        attrs.SOURCE: "test: Table events",
    }


def test_types_deletions_and_seed_rows() -> None:
    kind = SpecObject(
        "DataType",
        "kind",
        {"name": "kind", "schema": {"cassandra": {"fields": [{"name": "a", "type": "int"}]}}},
        "t",
    )
    gone = SpecObject("DataType", "old", {"name": "old", "schema": {"cassandra": {"isDeleted": True}}}, "t")
    seeded = spec(None, "users", seedData={"rows": [{"columns": [{"column": "id", "value": {"int": 1}}]}]})
    found, problems = desired([kind, gone, spec({"isDeleted": True}, "dropped"), seeded])
    assert not problems
    assert found.objects == [DataType("kind", fields=(("a", "int"),), attrs={attrs.SOURCE: "t"})]
    assert found.deleted == [ObjectRef("type", "old"), ObjectRef("table", "dropped")]
    assert found.seeds == {ObjectRef("table", "users"): [(("id", 1),)]}


def column(name: str, type_: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **more}


P = "spec.schema.cassandra"


@pytest.mark.parametrize(
    ("block", "name", "expected"),
    [
        (
            {"primaryKey": [["id"]], "columns": [column("id", "int")]},
            "bad-name",
            ("invalid-name", "spec.name"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "int"), column("id", "text")]},
            "users",
            ("duplicate-column", f"{P}.columns[1].name"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "int(11)")]},
            "users",
            ("invalid-type", f"{P}.columns[0].type"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "text'); drop")]},
            "users",
            ("invalid-type", f"{P}.columns[0].type"),
        ),
        (
            {"primaryKey": [], "columns": [column("id", "int")]},
            "users",
            ("no-primary-key", f"{P}.primaryKey"),
        ),
        (
            {"primaryKey": [["nope"]], "columns": [column("id", "int")]},
            "users",
            ("unknown-column", f"{P}.primaryKey[0][0]"),
        ),
        (
            {"primaryKey": [["id"], ["id"]], "columns": [column("id", "int")]},
            "users",
            ("duplicate-column", f"{P}.primaryKey[1][0]"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "list<int>")]},
            "users",
            ("invalid-key-type", f"{P}.primaryKey[0][0]"),
        ),
        (
            {
                "primaryKey": [["id"], ["c"]],
                "columns": [column("id", "int"), column("c", "int", isStatic=True)],
            },
            "users",
            ("invalid-static", f"{P}.columns[1].isStatic"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "int"), column("s", "int", isStatic=True)]},
            "users",
            ("invalid-static", f"{P}.columns[1].isStatic"),
        ),
        (
            {"primaryKey": [["id"]], "clusteringOrder": {"column": "id"}, "columns": [column("id", "int")]},
            "users",
            ("unknown-column", f"{P}.clusteringOrder.column"),
        ),
        (
            {"primaryKey": [["id"]], "columns": [column("id", "int")], "properties": {"crcCheckChance": "2"}},
            "users",
            ("invalid-value", f"{P}.properties.crcCheckChance"),
        ),
    ],
)
def test_what_cassandra_refuses_is_an_error_with_its_path(
    block: dict[str, Any], name: str, expected: tuple[str, str]
) -> None:
    assert errors(spec(block, name)) == [expected]


def test_a_table_without_columns_has_no_key_either() -> None:
    assert errors(spec({"primaryKey": [["id"]], "columns": []})) == [
        ("no-columns", f"{P}.columns"),
        ("unknown-column", f"{P}.primaryKey[0][0]"),
    ]


def rows(*values: dict[str, Any]) -> dict[str, Any]:
    return {"rows": [{"columns": [{"column": k, "value": v} for k, v in row.items()]} for row in values]}


def test_seed_rows_name_known_columns_and_the_whole_key() -> None:
    block = {"primaryKey": [["id"], ["c"]], "columns": [column("id", "int"), column("c", "int")]}
    seeded = spec(block, seedData=rows({"id": {"int": 1}, "nope": {"int": 2}}, {"c": {"str": "a\x00"}}))
    assert errors(seeded) == [
        ("unknown-column", "spec.seedData.rows[0].columns[1]"),
        ("missing-key", "spec.seedData.rows[0]"),
        ("invalid-value", "spec.seedData.rows[1].columns[0].value"),
        ("missing-key", "spec.seedData.rows[1]"),
    ]


def test_one_object_per_name_and_kinds_the_driver_manages() -> None:
    block = {"primaryKey": [["id"]], "columns": [column("id", "int")]}
    view = SpecObject("View", "v", {"name": "v", "schema": {"postgres": {"query": "select 1"}}}, "t")
    assert errors(spec(block), spec(block), view) == [
        ("duplicate", "spec.name"),
        ("unsupported-kind", "kind"),
    ]


def test_a_table_cannot_be_renamed() -> None:
    block = {"primaryKey": [["id"]], "columns": [column("id", "int")]}
    found, problems = desired([spec(block, previousNames=["old_users"])])
    assert len(found.objects) == 1
    assert [(p.code, p.path, p.severity) for p in problems] == [
        ("cannot-rename", "spec.previousNames", Severity.WARNING)
    ]


def test_a_table_for_another_engine_is_left_alone_and_one_for_none_is_an_error() -> None:
    other = SpecObject("Table", "t", {"name": "t", "schema": {"postgres": {"columns": []}}}, "t")
    found, problems = desired([other])
    assert not found.objects and [(p.code, p.severity) for p in problems] == [
        ("other-engine", Severity.WARNING)
    ]
    assert errors(spec(None)) == [("missing-schema", "spec.schema")]


def test_type_fields_are_checked_like_columns() -> None:
    def data_type(name: str, fields: list[dict[str, str]]) -> SpecObject:
        return SpecObject("DataType", name, {"name": name, "schema": {"cassandra": {"fields": fields}}}, "t")

    assert errors(data_type("a-b", [column("x", "int"), column("x", "text[]")])) == [
        ("invalid-name", "spec.name"),
        ("duplicate-column", f"{P}.fields[1].name"),
        ("invalid-type", f"{P}.fields[1].type"),
    ]
    assert errors(data_type("empty", [])) == [("no-fields", f"{P}.fields")]
