"""Reading the live schema: a fixed number of queries, and specs exported from it that plan empty."""

from __future__ import annotations

import contextlib
from typing import Any

import pymysql  # type: ignore[import-untyped]

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.mysql.uris import parse
from schemahero.schema.documents import SpecObject
from tests.integration.mysql.conftest import table
from tests.integration.planning import converge, plan


def _tables(count: int) -> list[SpecObject]:
    def block(n: int) -> dict[str, Any]:
        columns = [{"name": "id", "type": "int"}, {"name": "name", "type": "varchar(20)"}]
        block: dict[str, Any] = {"primaryKey": ["id"], "columns": columns, "indexes": [{"columns": ["name"]}]}
        if n:
            columns.append({"name": "parent_id", "type": "int"})
            block["foreignKeys"] = [
                {"columns": ["parent_id"], "references": {"table": "t0", "columns": ["id"]}}
            ]
        return block

    return [table(f"t{n}", block(n)) for n in range(count)]


def _questions(connection: Connection) -> int:
    target = parse(connection.uri)
    with contextlib.closing(pymysql.connect(**target.connect_args())) as db, db.cursor() as cursor:
        cursor.execute("SHOW GLOBAL STATUS LIKE 'Questions'")
        return int(cursor.fetchone()[1])


def _queries_of_a_plan(driver: Driver, connection: Connection, objects: list[SpecObject]) -> int:
    """Statements the server saw during one plan (its global counter: other clients only add)."""
    before = _questions(connection)
    assert not plan(driver, connection, objects).steps
    return _questions(connection) - before


def test_the_number_of_queries_does_not_grow_with_tables(driver: Driver, connection: Connection) -> None:
    few, many = _tables(2), _tables(12)
    converge(driver, connection, many)
    samples: dict[int, list[int]] = {2: [], 12: []}
    for _ in range(5):  # interleaved, so that background statements cannot favour one side
        for objects in (few, many):
            samples[len(objects)].append(_queries_of_a_plan(driver, connection, objects))

    # The counter is the server's: a statement of another client now and then lands in a sample.
    # A query per table would add 10; a stray statement or two is noise, not growth.
    assert min(samples[12]) - min(samples[2]) <= 2, samples


def test_exported_specs_plan_nothing(driver: Driver, connection: Connection) -> None:
    columns = [
        {
            "name": "id",
            "type": "bigint unsigned",
            "constraints": {"notNull": True},
            "attributes": {"autoIncrement": True},
        },
        {"name": "code", "type": "char(8)", "charset": "ascii", "collation": "ascii_bin"},
        {"name": "title", "type": "varchar(200)", "constraints": {"notNull": True}, "default": "untitled"},
        {"name": "body", "type": "mediumtext"},
        {"name": "kind", "type": "enum('a','b','it''s')", "default": "a"},
        {"name": "price", "type": "decimal(8,2)", "default": "0"},
        {"name": "created", "type": "timestamp", "default": "CURRENT_TIMESTAMP"},
        {"name": "meta", "type": "json"},
        {"name": "parent_id", "type": "bigint unsigned"},
    ]
    block = {
        "primaryKey": ["id"],
        "defaultCharset": "latin1",
        "columns": columns,
        "indexes": [
            {"columns": ["title"], "type": "fulltext"},
            {"columns": ["code", "kind"], "isUnique": True},
        ],
        "foreignKeys": [
            {
                "columns": ["parent_id"],
                "references": {"table": "docs", "columns": ["id"]},
                "onDelete": "cascade",
            }
        ],
    }
    converge(driver, connection, [table("docs", block)])

    exported = driver.export_spec(connection)

    assert [o.name for o in exported] == ["docs"]
    assert exported[0].spec["schema"]["mysql"]["defaultCharset"] == "latin1"
    assert not plan(driver, connection, exported).steps
