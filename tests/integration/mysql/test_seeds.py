"""Seed rows: upserted until the table holds them value for value, compared by the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver
from schemahero.schema.documents import SpecObject
from tests.integration.mysql.conftest import table
from tests.integration.planning import Query, converge, plan


def _row(**values: Any) -> dict[str, Any]:
    def value(v: Any) -> dict[str, Any]:
        return {} if v is None else {"int": v} if isinstance(v, int) else {"str": v}

    return {"columns": [{"column": k, "value": value(v)} for k, v in values.items()]}


PRODUCTS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "int", "constraints": {"notNull": True}},
        {"name": "name", "type": "varchar(100)", "charset": "latin1"},
        {"name": "price", "type": "decimal(10,2)"},
        {"name": "notes", "type": "text"},
        {"name": "created", "type": "datetime"},
        {"name": "document", "type": "json"},
    ],
}


def test_rows_converge_whatever_the_types(driver: Driver, connection: Connection, query: Query) -> None:
    rows = [
        _row(id=1, name="Café", price="149.5", notes="two\nlines", created="2024-01-02"),
        _row(id=2, name="it's \\ quoted", price="0", notes=None, document='{"a": 1}'),
        _row(id=3, name="", price=None),
    ]
    products = table("products", PRODUCTS, seedData={"rows": rows})

    planned = converge(driver, connection, [products])

    assert len(planned.steps) == 4
    assert query("SELECT id, name, CAST(price AS CHAR), notes, document FROM products ORDER BY id") == [
        (1, "Café", "149.50", "two\nlines", None),
        (2, "it's \\ quoted", "0.00", None, '{"a": 1}'),
        (3, "", None, None, None),
    ]


def test_a_row_differing_only_in_case_is_written_again(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table products (id int primary key, name varchar(100))")
    load("insert into products values (1, 'CAFE')")
    products = table("products", PRODUCTS, seedData={"rows": [_row(id=1, name="cafe")]})
    steps = plan(driver, connection, [products]).steps
    assert [s.sql for s in steps][-1] == (
        "insert into products (id, name) values (1, 'cafe') on duplicate key update id=1, name='cafe'"
    )

    converge(driver, connection, [products])

    assert query("SELECT name FROM products") == [("cafe",)]


def test_rows_of_a_table_without_spec_schema(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table users (id int primary key, login varchar(20))")
    users = {"name": "users", "seedData": {"rows": [_row(id=1, login="admin"), _row(id=2, login=None)]}}

    planned = converge(driver, connection, [SpecObject("Table", "users", users, "test: Table users")])

    assert [s.sql for s in planned.steps] == [
        "insert into users (id, login) values (1, 'admin') on duplicate key update id=1, login='admin'",
        "insert into users (id, login) values (2, null) on duplicate key update id=2, login=null",
    ]
