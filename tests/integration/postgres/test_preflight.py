"""Pre-flight checks on PostgreSQL: a plan counts the rows its steps would fail on, and a
planned apply that finds such rows stops before its first statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver
from schemahero.driver_api.types import DataCheck
from schemahero.schema.documents import SpecObject
from tests.integration.postgres.conftest import Query, converge, plan, table
from tests.integration.preflight import counted, refused

ID = {"name": "id", "type": "integer"}


def users(*columns: dict[str, Any], **block: Any) -> SpecObject:
    return table("users", {"primaryKey": ["id"], "columns": [ID, *columns], **block})


def test_not_null_over_nulls_applies_nothing_until_the_rows_are_fixed(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id integer primary key, email text)")
    load("insert into users values (1, 'a@example.com'), (2, null), (3, null), (4, null)")
    spec = users(
        {"name": "nickname", "type": "text"},
        {"name": "email", "type": "text", "constraints": {"notNull": True}},
    )

    planned = plan(driver, connection, [spec])

    assert planned.steps[0].sql == 'alter table "users" add column "nickname" text'
    assert counted(planned) == [("rows of users with NULL in email", 3)]
    message = refused(driver, connection, planned)
    assert message == "pre-flight check: 3 rows of users with NULL in email; nothing was applied"
    assert query("select count(*) from information_schema.columns where column_name = 'nickname'") == [(0,)]
    assert query("select count(*) from users where email is null") == [(3,)]

    load("update users set email = 'unknown' where email is null")
    converge(driver, connection, [spec])
    assert query("select count(*) from users") == [(4,)]


def test_a_not_null_with_a_default_fills_the_nulls_and_checks_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table users (id integer primary key, email text)")
    load("insert into users values (1, null)")
    email = {"name": "email", "type": "text", "default": "none", "constraints": {"notNull": True}}

    planned = converge(driver, connection, [users(email)])

    assert counted(planned) == []


def test_a_unique_index_over_duplicates(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id integer primary key, email text)")
    load("insert into users values (1, 'a'), (2, 'a'), (3, 'b'), (4, null), (5, null)")
    spec = users({"name": "email", "type": "text"}, indexes=[{"columns": ["email"], "isUnique": True}])

    planned = plan(driver, connection, [spec])

    assert counted(planned) == [("rows of users sharing a value of (email) with another", 2)]
    assert refused(driver, connection, planned).startswith("pre-flight check: 2 rows of users sharing")
    assert query("select count(*) from pg_indexes where tablename = 'users'") == [(1,)]
    load("update users set email = 'c' where id = 2")
    converge(driver, connection, [spec])


def test_a_foreign_key_over_orphans(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table teams (id integer primary key); insert into teams values (1), (2)")
    load("create table users (id integer primary key, team_id integer)")
    load("insert into users values (1, 1), (2, 2), (3, 98), (4, 99), (5, null)")
    teams = table("teams", {"primaryKey": ["id"], "columns": [ID]})
    fk = {"columns": ["team_id"], "references": {"table": "teams", "columns": ["id"]}}
    spec = users({"name": "team_id", "type": "integer"}, foreignKeys=[fk])

    planned = plan(driver, connection, [teams, spec])

    assert counted(planned) == [("rows of users whose (team_id) has no row in teams", 2)]
    assert "2 rows of users whose (team_id) has no row in teams" in refused(driver, connection, planned)
    assert query("select count(*) from pg_constraint where contype = 'f'") == [(0,)]
    load("delete from users where id in (3, 4)")
    converge(driver, connection, [teams, spec])


def test_a_narrower_varchar_over_long_values(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id integer primary key, name varchar(20))")
    load("insert into users values (1, 'ann'), (2, 'bartholomew'), (3, 'christopher'), (4, 'dan  ')")
    spec = users({"name": "name", "type": "varchar(5)"})

    planned = plan(driver, connection, [spec])

    assert counted(planned) == [("rows of users whose name is longer than 5 characters", 2)]
    assert refused(driver, connection, planned).startswith("pre-flight check: 2 rows")
    length = "select character_maximum_length from information_schema.columns where table_name = 'users'"
    assert query(f"{length} and column_name = 'name'") == [(20,)]
    load("update users set name = left(name, 5)")
    converge(driver, connection, [spec])


def test_a_smaller_integer_and_a_new_primary_key_are_counted(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table events (id bigint, code bigint)")
    load("insert into events values (1, 100000), (1, 1), (null, 2), (2, -40000)")
    spec = table(
        "events",
        {
            "primaryKey": ["id"],
            "columns": [{"name": "id", "type": "bigint"}, {"name": "code", "type": "smallint"}],
        },
    )

    planned = plan(driver, connection, [spec])

    found = dict(counted(planned))
    assert found["rows of events whose code does not fit in smallint"] == 2
    assert found["rows of events with a NULL or shared key (id)"] == 3


def test_checks_name_the_table_and_column_before_their_renames(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id integer primary key, mail text); insert into people values (1, null)")
    email = {"name": "email", "type": "text", "constraints": {"notNull": True}, "previousNames": ["mail"]}
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, email]}, previousNames=["people"])

    planned = plan(driver, connection, [spec])

    assert [c for s in planned.steps for c in s.checks] == [
        DataCheck(
            "rows of people with NULL in mail",
            'select count(*) from "people" where "mail" is null',
            1,
        )
    ]
    assert refused(driver, connection, planned).startswith("pre-flight check: 1 row ")
    assert query("select tablename from pg_tables where schemaname = 'public'") == [("people",)]
