"""Seed rows: only those missing (or different) are planned, by one query per seeded table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.cassandra.connecting import connect, target
from schemahero.drivers.cassandra.inspect import build_schema, present_rows, read_catalog
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import ObjectRef, SeedRow
from tests.integration.cassandra.conftest import table
from tests.integration.planning import converge, plan
from tests.servers.base import TestDatabase

Query = Callable[..., list[tuple[Any, ...]]]

SCORES = {
    "primaryKey": [["team", "season"], ["player"]],
    "columns": [
        {"name": "team", "type": "text"},
        {"name": "season", "type": "int"},
        {"name": "player", "type": "varchar"},
        {"name": "points", "type": "bigint"},
        {"name": "note", "type": "text"},
    ],
}


def row(team: str, season: int, player: str, points: int, note: str | None) -> dict[str, Any]:
    values: list[tuple[str, dict[str, Any]]] = [
        ("team", {"str": team}),
        ("season", {"int": season}),
        ("player", {"str": player}),
        ("points", {"int": points}),
        ("note", {} if note is None else {"str": note}),
    ]
    return {"columns": [{"column": c, "value": v} for c, v in values]}


def scores(*rows: dict[str, Any], schema: bool = True) -> SpecObject:
    spec = table("scores", SCORES, seedData={"rows": list(rows)})
    if not schema:
        body = {"name": "scores", "seedData": {"rows": list(rows)}}
        return SpecObject("Table", "scores", body, spec.source)
    return spec


def test_rows_are_inserted_once_with_the_table(
    driver: Driver, connection: Connection, database: TestDatabase
) -> None:
    spec = scores(row("red", 2024, "ada", 10, "it's"), row("red", 2025, "bob", 3, None))
    planned = converge(driver, connection, [spec])
    keyspace = database.params["keyspace"]
    insert = f"INSERT INTO {keyspace}.scores (team, season, player, points, note) VALUES"
    assert [s.sql for s in planned.steps][1:] == [
        f"{insert} ('red', 2024, 'ada', 10, 'it''s')",
        f"{insert} ('red', 2025, 'bob', 3, null)",
    ]


def test_only_missing_or_different_rows_are_planned(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table scores (team text, season int, player text, points bigint, note text,"
        " primary key ((team, season), player));"
        "insert into scores (team, season, player, points, note) values ('red', 2024, 'ada', 10, 'same');"
        "insert into scores (team, season, player, points, note) values ('red', 2024, 'bob', 7, 'old');"
    )
    same, changed, missing = (
        row("red", 2024, "ada", 10, "same"),
        row("red", 2024, "bob", 8, "old"),
        row("blue", 2024, "cy", 1, None),
    )
    planned = converge(driver, connection, [scores(same, changed, missing, schema=False)])
    assert [s.sql.split(" VALUES ")[1] for s in planned.steps] == [
        "('red', 2024, 'bob', 8, 'old')",
        "('blue', 2024, 'cy', 1, null)",
    ]
    assert sorted(query("select player, points from scores")) == [("ada", 10), ("bob", 8), ("cy", 1)]


def test_rows_for_a_table_nobody_creates_are_refused(driver: Driver, connection: Connection) -> None:
    refused = driver.plan(connection, [scores(row("red", 2024, "ada", 1, None), schema=False)])
    assert not refused.steps
    assert [(d.code, d.path) for d in refused.diagnostics if d.severity is Severity.ERROR] == [
        ("unknown-table", "spec.seedData")
    ]


def test_reading_takes_the_same_queries_whatever_the_number_of_tables(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    def queries_for(tables: int) -> int:
        load("".join(f"create table if not exists t{i} (id int primary key, v text);" for i in range(tables)))
        seeds: dict[ObjectRef, list[SeedRow]] = {
            ObjectRef("table", "t0"): [(("id", 1), ("v", "a"))],
            ObjectRef("table", "t1"): [(("id", 2),)],
        }
        ran: list[str] = []
        cluster, session = connect(target(connection))
        try:

            def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
                ran.append(sql)
                return [tuple(r) for r in session.execute(sql, tuple(params))]

            keyspace = target(connection).keyspace
            schema = build_schema(read_catalog(run, keyspace))
            assert len(schema.tables) == tables
            present_rows(run, keyspace, schema, seeds)
        finally:
            cluster.shutdown()
        return len(ran)

    assert queries_for(2) == queries_for(12) == 4 + 2
    assert not plan(driver, connection, []).steps
