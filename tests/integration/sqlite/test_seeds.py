"""Seed rows: upserted when missing or different, compared as SQLite stores them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.sqlite.apply import SqliteSession
from tests.integration.planning import Query, converge, plan
from tests.integration.sqlite.conftest import table

ITEMS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "label", "type": "text"},
        {"name": "price", "type": "real"},
        {"name": "raw", "type": "blob"},
    ],
}


def seeds(*rows: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> dict[str, Any]:
        return {} if v is None else {"int": v} if isinstance(v, int) else {"str": v}

    return {"rows": [{"columns": [{"column": c, "value": value(v)} for c, v in row.items()]} for row in rows]}


def test_values_converge_through_type_affinity(driver: Driver, connection: Connection, query: Query) -> None:
    rows = seeds(
        {"id": "1", "label": 5, "price": "2.50", "raw": "x"},
        {"id": 2, "label": "it's", "price": 3, "raw": None},
        {"id": 3},
    )
    applied = converge(driver, connection, [table("items", ITEMS, seedData=rows)])
    assert [s.sql for s in applied.steps][1:] == [
        "replace into items (id, label, price, raw) values ('1', 5, '2.50', 'x')",
        "replace into items (id, label, price, raw) values (2, 'it''s', 3, null)",
        "replace into items (id) values (3)",
    ]
    assert query("select id, label, price, raw from items order by id") == [
        (1, "5", 2.5, "x"),
        (2, "it's", 3.0, None),
        (3, None, None, None),
    ]


def test_only_rows_missing_or_different_are_planned(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(
        "create table items (id integer primary key not null, label text, price real, raw blob);"
        "insert into items values (1, 'same', 1.0, null), (2, 'old', null, null);"
    )
    rows = seeds({"id": 1, "label": "same", "price": 1}, {"id": 2, "label": "new"}, {"id": 3})
    first = plan(driver, connection, [table("items", ITEMS, seedData=rows)])
    assert [s.sql for s in first.steps] == [
        "replace into items (id, label) values (2, 'new')",
        "replace into items (id) values (3)",
    ]


def test_seed_rows_for_a_column_added_by_the_same_plan(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table items (id integer primary key not null, label text, price real);")
    rows = seeds({"id": 1, "raw": "x"})
    applied = converge(driver, connection, [table("items", ITEMS, seedData=rows)])
    assert [s.sql for s in applied.steps] == [
        'alter table "items" add column "raw" blob',
        "replace into items (id, raw) values (1, 'x')",
    ]


def test_inspection_is_a_fixed_number_of_queries(
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load(
        "".join(
            f"create table t{i} (id integer primary key, v text references t0 (id));"
            f"create index t{i}_v on t{i} (v);"
            for i in range(40)
        )
    )
    asked: list[str] = []
    rows = SqliteSession._rows

    def counting(self: SqliteSession, sql: str, params: Any) -> list[tuple[Any, ...]]:
        asked.append(sql)
        return rows(self, sql, params)

    monkeypatch.setattr(SqliteSession, "_rows", counting)
    objects = [
        table(f"t{i}", {"columns": [{"name": "id", "type": "integer"}]}, seedData=seeds({"id": 1}))
        for i in range(3)
    ]
    plan(driver, connection, objects)
    assert len(asked) == 4 + 3
    assert len(driver.export_spec(connection)) == 40
    assert len(asked) == 4 + 3 + 4
