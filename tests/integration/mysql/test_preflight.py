"""Pre-flight checks on MariaDB: a plan counts the rows its steps would fail on, and a planned
apply that finds such rows stops before its first statement (MariaDB could not undo it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import HazardKind
from tests.integration.mysql.conftest import converge, plan, table
from tests.integration.preflight import counted, refused

Query = Callable[[str], list[tuple[Any, ...]]]
ID = {"name": "id", "type": "int", "constraints": {"notNull": True}}


def users(*columns: dict[str, Any], **block: Any) -> SpecObject:
    return table("users", {"primaryKey": ["id"], "columns": [ID, *columns], **block})


def catalog(query: Query, view: str, condition: str, what: str = "count(*)") -> list[tuple[Any, ...]]:
    """`what` of the rows of an information_schema view about the test database."""
    return query(
        f"select {what} from information_schema.{view} where table_schema = database() and {condition}"
    )


def test_not_null_over_nulls_applies_nothing_until_the_rows_are_fixed(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id int primary key, email varchar(50), key idx_users_email (email))")
    load("insert into users values (1, 'a@example.com'), (2, null), (3, null), (4, null)")
    email = {"name": "email", "type": "varchar(50)", "constraints": {"notNull": True}}
    spec = users(email, {"name": "nickname", "type": "text"})

    planned = plan(driver, connection, [spec])

    assert planned.steps[0].sql == "alter table `users` drop index `idx_users_email`"
    assert counted(planned) == [("rows of users with NULL in email", 3)]
    message = refused(driver, connection, planned)
    assert message == "pre-flight check: 3 rows of users with NULL in email; nothing was applied"
    assert catalog(query, "statistics", "index_name = 'idx_users_email'") == [(1,)]
    assert catalog(query, "columns", "column_name = 'nickname'") == [(0,)]
    assert query("select count(*) from users where email is null") == [(3,)]

    load("update users set email = 'unknown' where email is null")
    converge(driver, connection, [spec])
    assert query("select count(*) from users") == [(4,)]


def test_a_not_null_with_a_default_fills_the_nulls_and_checks_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table users (id int primary key, email varchar(50)); insert into users values (1, null)")
    email = {"name": "email", "type": "varchar(50)", "default": "none", "constraints": {"notNull": True}}

    planned = converge(driver, connection, [users(email)])

    assert counted(planned) == []


def test_a_unique_index_over_duplicates(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id int primary key, email varchar(50))")
    load("insert into users values (1, 'a'), (2, 'A'), (3, 'b'), (4, null), (5, null)")
    spec = users({"name": "email", "type": "varchar(50)"}, indexes=[{"columns": ["email"], "isUnique": True}])

    planned = plan(driver, connection, [spec])

    assert counted(planned) == [("rows of users sharing a value of (email) with another", 2)]
    assert refused(driver, connection, planned).startswith("pre-flight check: 2 rows of users sharing")
    assert catalog(query, "statistics", "table_name = 'users'") == [(1,)]
    load("update users set email = 'c' where id = 2")
    converge(driver, connection, [spec])


def test_a_foreign_key_over_orphans(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table teams (id int primary key); insert into teams values (1), (2)")
    load("create table users (id int primary key, team_id int)")
    load("insert into users values (1, 1), (2, 2), (3, 98), (4, 99), (5, null)")
    teams = table("teams", {"primaryKey": ["id"], "columns": [ID]})
    fk = {"columns": ["team_id"], "references": {"table": "teams", "columns": ["id"]}}
    spec = users({"name": "team_id", "type": "int"}, foreignKeys=[fk])

    planned = plan(driver, connection, [teams, spec])

    assert counted(planned) == [("rows of users whose (team_id) has no row in teams", 2)]
    assert "2 rows of users whose (team_id) has no row in teams" in refused(driver, connection, planned)
    assert query(
        "select count(*) from information_schema.referential_constraints where constraint_schema = database()"
    ) == [(0,)]
    load("delete from users where id in (3, 4)")
    converge(driver, connection, [teams, spec])


def test_a_narrower_varchar_over_long_values(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id int primary key, name varchar(20))")
    load("insert into users values (1, 'ann'), (2, 'bartholomew'), (3, 'christopher'), (4, 'dan  ')")
    spec = users({"name": "name", "type": "varchar(5)"})

    planned = plan(driver, connection, [spec])

    assert counted(planned) == [("rows of users whose name is longer than 5 characters", 2)]
    assert refused(driver, connection, planned).startswith("pre-flight check: 2 rows")
    length = "character_maximum_length"
    assert catalog(query, "columns", "table_name = 'users' and column_name = 'name'", length) == [(20,)]
    load("update users set name = left(name, 5)")
    converge(driver, connection, [spec])


def test_a_smaller_integer_and_a_new_primary_key_are_counted(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table events (id bigint not null, code bigint)")
    load("insert into events values (1, 100000), (1, 1), (2, -40000), (3, 5)")
    columns = [
        {"name": "id", "type": "bigint", "constraints": {"notNull": True}},
        {"name": "code", "type": "smallint"},
    ]
    spec = table("events", {"primaryKey": ["id"], "columns": columns})

    planned = plan(driver, connection, [spec])

    found = dict(counted(planned))
    assert found["rows of events whose code does not fit in smallint"] == 2
    assert found["rows of events with a NULL or shared key (id)"] == 2


def test_renames_keep_their_rows_and_say_they_rename(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id int primary key, mail varchar(50))")
    load("insert into people values (1, 'a@example.com'), (2, 'b@example.com')")
    email = {"name": "email", "type": "varchar(50)", "previousNames": ["mail"]}
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, email]}, previousNames=["people"])

    planned = converge(driver, connection, [spec])

    assert [s.sql for s in planned.steps] == [
        "rename table `people` to `users`",
        "alter table `users` rename column `mail` to `email`",
    ]
    assert all(HazardKind.RENAMES in {h.kind for h in s.hazards} for s in planned.steps)
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]


def test_checks_name_the_table_and_column_before_their_renames(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id int primary key, mail varchar(50)); insert into people values (1, null)")
    email = {
        "name": "email",
        "type": "varchar(50)",
        "constraints": {"notNull": True},
        "previousNames": ["mail"],
    }
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, email]}, previousNames=["people"])

    planned = plan(driver, connection, [spec])

    assert [(c.sql, c.violations) for s in planned.steps for c in s.checks] == [
        ("select count(*) from `people` where `mail` is null", 1)
    ]
    assert refused(driver, connection, planned).startswith("pre-flight check: 1 row of people")
    assert query("select table_name from information_schema.tables where table_schema = database()") == [
        ("people",)
    ]
