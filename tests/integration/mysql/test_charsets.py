"""Character sets and collations of databases, tables and columns: inherited ones make no diff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.mysql.database import CHARSET_PARAM, COLLATION_PARAM
from tests.integration.mysql.conftest import table
from tests.integration.planning import Query, converge, plan


def _id() -> dict[str, Any]:
    return {"name": "id", "type": "integer", "constraints": {"notNull": True}}


def _database_defaults(query: Query) -> tuple[Any, ...]:
    return query(
        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = DATABASE()"
    )[0]


def test_database_defaults_come_from_the_connection(
    driver: Driver, connection: Connection, query: Query
) -> None:
    wanted = Connection(connection.uri, {CHARSET_PARAM: "latin1", COLLATION_PARAM: "latin1_general_ci"})
    items = table(
        "items", {"primaryKey": ["id"], "columns": [_id(), {"name": "label", "type": "varchar(20)"}]}
    )
    converge(driver, connection, [items])

    planned = converge(driver, wanted, [items])

    assert [s.sql for s in planned.steps] == [
        f"alter database `{connection_database(query)}` character set latin1 collate latin1_general_ci",
        "alter table items convert to character set latin1 collate latin1_general_ci",
    ]
    assert _database_defaults(query) == ("latin1", "latin1_general_ci")


def test_a_charset_alone_takes_its_default_collation(
    driver: Driver, connection: Connection, query: Query
) -> None:
    wanted = Connection(connection.uri, {CHARSET_PARAM: "utf8"})
    items = table("items", {"columns": [{"name": "label", "type": "text"}]})

    planned = converge(driver, wanted, [items])

    assert planned.steps[0].sql == f"alter database `{connection_database(query)}` character set utf8"
    assert _database_defaults(query) == ("utf8mb3", "utf8mb3_general_ci")


def test_column_charsets_are_kept_through_a_conversion(driver: Driver, connection: Connection) -> None:
    columns = [
        _id(),
        {"name": "own", "type": "varchar(10)", "charset": "latin1"},
        {"name": "own_collation", "type": "text", "collation": "utf8mb4_unicode_ci"},
        {"name": "inherited", "type": "varchar(10)"},
        {"name": "document", "type": "json"},
    ]
    converge(driver, connection, [table("t", {"primaryKey": ["id"], "columns": columns})])

    for block in ({"defaultCharset": "utf16"}, {"collation": "utf16_german2_ci"}, {}):
        converge(driver, connection, [table("t", {"primaryKey": ["id"], "columns": columns, **block})])


def test_text_lengths_pick_the_server_type(driver: Driver, connection: Connection) -> None:
    columns = [
        _id(),
        {"name": "small", "type": "text(60)"},
        {"name": "plain", "type": "text(100)"},
        {"name": "medium", "type": "text(65535)"},
        {"name": "asked_medium", "type": "text(70000)"},
        {"name": "tiny_blob", "type": "blob(100)"},
        {"name": "widths", "type": "int(5)"},
        {"name": "flag", "type": "boolean"},
        {"name": "numeric_precision", "type": "bigint (19, 0)"},
    ]
    items = table("t", {"primaryKey": ["id"], "columns": columns, "defaultCharset": "latin1"})

    converge(driver, connection, [items])


def test_inherited_settings_make_no_diff(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(
        "create table t (id int primary key, a varchar(10) character set latin1, b text, "
        "c json) default character set utf16 collate utf16_unicode_ci"
    )
    columns = [
        {"name": "id", "type": "int"},
        {"name": "a", "type": "varchar(10)", "charset": "latin1"},
        {"name": "b", "type": "text"},
        {"name": "c", "type": "json"},
    ]
    block = {"primaryKey": ["id"], "columns": columns, "collation": "utf16_unicode_ci"}

    assert not plan(driver, connection, [table("t", block)]).steps


def connection_database(query: Query) -> str:
    return str(query("SELECT DATABASE()")[0][0])
