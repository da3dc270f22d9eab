"""Plans on a live keyspace: what Cassandra can change, what it refuses, how a failure stops."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject
from tests.integration.cassandra.conftest import data_type, table
from tests.integration.planning import converge, plan
from tests.servers.base import TestDatabase

Query = Callable[..., list[tuple[Any, ...]]]

EVENTS: dict[str, Any] = {
    "primaryKey": [["device", "day"], ["at"], ["seq"]],
    "clusteringOrder": {"column": "seq", "isDescending": True},
    "columns": [
        {"name": "device", "type": "uuid"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "timestamp"},
        {"name": "seq", "type": "int"},
        {"name": "owner", "type": "varchar", "isStatic": True},
        {"name": "reading", "type": "map<varchar, frozen<list<double>>>"},
    ],
    "properties": {"comment": "events", "gcGraceSeconds": 3600, "caching": {"keys": "none"}},
}


def events(**changes: Any) -> SpecObject:
    block = copy.deepcopy(EVENTS) | changes
    return table("events", block)


def refusal(driver: Driver, connection: Connection, objects: list[SpecObject]) -> list[tuple[str, str]]:
    """(code, path) of each error of a plan that must be refused, with nothing planned."""
    refused = driver.plan(connection, objects)
    assert not refused.ok and not refused.steps
    return [(d.code, d.path) for d in refused.diagnostics if d.severity is Severity.ERROR]


def catalog(query: Query, database: TestDatabase, name: str) -> dict[str, tuple[Any, ...]]:
    """Each column of a table: kind, position, clustering order, type."""
    rows = query(
        "select column_name, kind, position, clustering_order, type from system_schema.columns"
        " where keyspace_name = %s and table_name = %s",
        database.params["keyspace"],
        name,
    )
    return {row[0]: row[1:] for row in rows}


def test_a_table_of_every_shape_is_created_as_specified(
    driver: Driver, connection: Connection, query: Query, database: TestDatabase
) -> None:
    planned = converge(driver, connection, [events()])
    assert [s.sql for s in planned.steps] == [
        'create table "events" (device uuid, day date, at timestamp, seq int, owner varchar static,'
        " reading map<varchar, frozen<list<double>>>, primary key ((device, day), at, seq))"
        " with clustering order by (at asc, seq desc) AND caching = {'keys':'none'}"
        " AND comment = 'events' AND gc_grace_seconds = 3600"
    ]
    assert catalog(query, database, "events") == {
        "device": ("partition_key", 0, "none", "uuid"),
        "day": ("partition_key", 1, "none", "date"),
        "at": ("clustering", 0, "asc", "timestamp"),
        "seq": ("clustering", 1, "desc", "int"),
        "owner": ("static", -1, "none", "text"),
        "reading": ("regular", -1, "none", "map<text, frozen<list<double>>>"),
    }


def test_columns_and_properties_change_in_place(driver: Driver, connection: Connection) -> None:
    converge(driver, connection, [events()])
    cols = [c for c in EVENTS["columns"] if c["name"] != "reading"] + [{"name": "note", "type": "text"}]
    changed = events(columns=cols, properties={"comment": "events, v2", "gcGraceSeconds": 3600})
    planned = converge(driver, connection, [changed])
    assert [(s.sql, [h.kind.value for h in s.hazards]) for s in planned.steps] == [
        ('alter table "events" drop reading', ["deletes-data"]),
        ('alter table "events" add note text', []),
        ("alter table events with comment = 'events, v2'", []),
    ]


def test_properties_the_spec_does_not_name_are_left_alone(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table t (id int primary key) with comment = 'kept' and default_time_to_live = 60")
    spec = table(
        "t",
        {
            "primaryKey": [["id"]],
            "columns": [{"name": "id", "type": "int"}],
            "properties": {"compaction": {"class": "SizeTieredCompactionStrategy"}},
        },
    )
    assert not plan(driver, connection, [spec]).steps


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"primaryKey": [["device"], ["day"], ["at"], ["seq"]]},
            ("cannot-change-key", "spec.schema.cassandra.primaryKey"),
        ),
        (
            {"clusteringOrder": {"column": "at", "isDescending": True}},
            ("cannot-change-key", "spec.schema.cassandra.primaryKey"),
        ),
        (
            {"columns": [{**c, "isStatic": False} for c in EVENTS["columns"]]},
            ("cannot-change-static", "spec.schema.cassandra.columns[4].isStatic"),
        ),
        (
            {"columns": [{**c, "type": "bigint"} if c["name"] == "seq" else c for c in EVENTS["columns"]]},
            ("cannot-change-type", "spec.schema.cassandra.columns[3].type"),
        ),
    ],
    ids=["partition-key", "clustering-order", "static", "key-type"],
)
def test_what_cassandra_cannot_change_is_refused(
    driver: Driver, connection: Connection, change: dict[str, Any], expected: tuple[str, str]
) -> None:
    converge(driver, connection, [events()])
    assert refusal(driver, connection, [events(**change)]) == [expected]
    assert not plan(driver, connection, [events()]).steps


def test_a_dropped_column_comes_back_only_with_its_type_or_text_over_ascii(
    driver: Driver, connection: Connection
) -> None:
    def spec(*extra: dict[str, str]) -> SpecObject:
        return table("t", {"primaryKey": [["id"]], "columns": [{"name": "id", "type": "int"}, *extra]})

    converge(driver, connection, [spec({"name": "x", "type": "int"}, {"name": "y", "type": "ascii"})])
    converge(driver, connection, [spec()])
    assert refusal(driver, connection, [spec({"name": "x", "type": "text"})]) == [
        ("cannot-readd-column", "spec.schema.cassandra.columns[1].type")
    ]
    converge(driver, connection, [spec({"name": "x", "type": "int"}, {"name": "y", "type": "text"})])


def test_types_come_before_the_tables_that_use_them(
    driver: Driver, connection: Connection, query: Query
) -> None:
    address = data_type("address", [("street", "text"), ("city", "varchar")])
    person = table(
        "people",
        {
            "primaryKey": [["id"]],
            "columns": [{"name": "id", "type": "int"}, {"name": "home", "type": "frozen<address>"}],
        },
    )
    planned = converge(driver, connection, [person, address])
    assert [s.kind for s in planned.steps] == [StepKind.CREATE_OBJECT, StepKind.CREATE_TABLE]
    grown = data_type("address", [("street", "text"), ("city", "varchar"), ("zip", "text")])
    assert [s.sql for s in converge(driver, connection, [person, grown]).steps] == [
        'alter type "address" add zip text'
    ]
    shrunk = data_type("address", [("street", "text"), ("zip", "text")])
    assert refusal(driver, connection, [shrunk]) == [("cannot-change-type", "spec.schema.cassandra.fields")]


def test_deleted_tables_and_types_are_dropped(driver: Driver, connection: Connection) -> None:
    kind = data_type("kind", [("name", "text")])
    things = table(
        "things",
        {
            "primaryKey": [["id"]],
            "columns": [{"name": "id", "type": "int"}, {"name": "k", "type": "frozen<kind>"}],
        },
    )
    converge(driver, connection, [kind, things])
    gone = [data_type("kind", [], isDeleted=True), table("things", {"isDeleted": True})]
    planned = converge(driver, connection, gone)
    assert [s.sql for s in planned.steps] == ['drop table "things"', 'drop type "kind"']


def test_a_failure_stops_the_run_and_keeps_what_ran(
    driver: Driver, connection: Connection, query: Query
) -> None:
    steps = [
        Step("create table a (id int primary key)", StepKind.RAW),
        Step("create table a (id int primary key)", StepKind.RAW),
        Step("create table b (id int primary key)", StepKind.RAW),
    ]
    results = list(driver.apply(connection, steps))
    assert [(r.index, r.status) for r in results] == [(0, StepStatus.APPLIED), (1, StepStatus.FAILED)]
    assert "already exists" in results[1].message
    assert "the earlier step stays applied" in results[1].message
    assert query("select id from a") == []
