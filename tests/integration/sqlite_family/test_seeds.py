"""Seed rows: upserted when missing or different, compared as SQLite stores them."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver
from tests.integration.planning import Query, converge, plan
from tests.integration.sqlite_family.conftest import Table
from tests.integration.sqlite_family.tables import ITEMS, seeds


def test_values_converge_through_type_affinity(
    driver: Driver, connection: Connection, query: Query, table: Table
) -> None:
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
    driver: Driver, connection: Connection, load: Callable[[str], None], table: Table
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
    driver: Driver, connection: Connection, load: Callable[[str], None], table: Table
) -> None:
    load("create table items (id integer primary key not null, label text, price real);")
    rows = seeds({"id": 1, "raw": "x"})
    applied = converge(driver, connection, [table("items", ITEMS, seedData=rows)])
    assert [s.sql for s in applied.steps] == [
        'alter table "items" add column "raw" blob',
        "replace into items (id, raw) values (1, 'x')",
    ]
