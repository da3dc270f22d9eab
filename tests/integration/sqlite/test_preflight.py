"""Pre-flight checks on SQLite: a rebuild that its rows would fail counts them first, and a
planned apply that finds such rows runs nothing; renames say that they rename."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver, StepStatus
from schemahero.schema.hazards import HazardKind
from tests.integration.preflight import counted
from tests.integration.sqlite.conftest import converge, plan, table

Query = Callable[[str], list[tuple[Any, ...]]]
ID = {"name": "id", "type": "integer", "constraints": {"notNull": True}}


def test_not_null_over_nulls_applies_nothing_until_the_rows_are_fixed(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table users (id integer primary key not null, nick text, email text);"
        "insert into users values (1, 'a', 'a@example.com'), (2, 'b', null), (3, 'c', null), (4, 'd', null);"
    )
    nickname = {"name": "nickname", "type": "text", "previousNames": ["nick"]}
    email = {"name": "email", "type": "text", "default": "none", "constraints": {"notNull": True}}
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, nickname, email]})

    planned = plan(driver, connection, [spec])

    assert planned.steps[0].sql == 'alter table "users" rename column "nick" to "nickname"'
    assert counted(planned) == [("rows of users with NULL in email", 3)], (
        "its default does not fill a copied NULL"
    )
    results = list(driver.apply(connection, planned.steps, planned.source_hash))
    assert [r.status for r in results] == [StepStatus.FAILED]
    assert results[0].message == "pre-flight check: 3 rows of users with NULL in email; nothing was applied"
    assert [row[1] for row in query("pragma table_info(users)")] == ["id", "nick", "email"]
    assert query("select count(*) from users where email is null") == [(3,)]

    load("update users set email = 'unknown' where email is null")
    converge(driver, connection, [spec])
    assert query("select id, nickname from users order by id") == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]


def test_a_unique_index_over_duplicates(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(
        "create table users (id integer primary key not null, email text);"
        "insert into users values (1, 'a'), (2, 'a'), (3, 'b'), (4, null), (5, null);"
    )
    columns = [ID, {"name": "email", "type": "text"}]
    spec = table(
        "users",
        {"primaryKey": ["id"], "columns": columns, "indexes": [{"columns": ["email"], "isUnique": True}]},
    )

    planned = plan(driver, connection, [spec])

    assert counted(planned) == [("rows of users sharing a value of (email) with another", 2)]
    load("update users set email = 'c' where id = 2")
    converge(driver, connection, [spec])


def test_renames_keep_their_rows_and_say_they_rename(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table people (id integer primary key not null, mail text);"
        "insert into people values (1, 'a@example.com'), (2, 'b@example.com');"
    )
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, email]}, previousNames=["people"])

    planned = converge(driver, connection, [spec])

    assert [s.sql for s in planned.steps] == [
        'alter table "people" rename to "users"',
        'alter table "users" rename column "mail" to "email"',
    ]
    assert all(HazardKind.RENAMES in {h.kind for h in s.hazards} for s in planned.steps)
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]
