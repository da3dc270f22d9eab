"""Pre-flight checks: a plan counts the rows its steps would fail on, and a planned apply that
finds such rows stops before its first statement (MariaDB could not undo one), changing nothing
until the rows are fixed. SQLite and rqlite count them before the rebuild that would fail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Plan, StepStatus
from schemahero.driver_api.types import DataCheck
from schemahero.schema.documents import SpecObject
from tests.integration.planning import Query, converge, plan, table
from tests.integration.safety.conftest import Dialect, engines

Load = Callable[[str], None]

NOT_NULL = {
    "postgres": (
        "create table users (id integer primary key, email text)",
        [{"name": "nickname", "type": "text"}, {"name": "email", "type": "text"}],
        'alter table "users" add column "nickname" text',
    ),
    "mysql": (
        "create table users (id int primary key, email varchar(50), key idx_users_email (email))",
        [{"name": "email", "type": "varchar(50)"}, {"name": "nickname", "type": "text"}],
        "alter table `users` drop index `idx_users_email`",
    ),
    "sqlite": (
        "create table users (id integer primary key not null, nickname text, email text)",
        [{"name": "email", "type": "text", "default": "none"}],
        None,
    ),
    "rqlite": (
        "create table users (id integer primary key not null, email text)",
        [{"name": "email", "type": "text"}],
        None,
    ),
}
"""Engine -> the table with a nullable email, the spec's columns besides id (email becomes NOT
NULL), and the statement the check stops before. On SQLite the NOT NULL comes with a default,
which does not fill a copied NULL."""


def counted(planned: Plan) -> list[tuple[str, int | None]]:
    """Each check of the plan as (description, rows counted when planning)."""
    return [(c.description, c.violations) for s in planned.steps for c in s.checks]


def refused(driver: Driver, connection: Connection, planned: Plan) -> str:
    """The one result of an apply that the pre-flight checks stop."""
    results = list(driver.apply(connection, planned.steps, planned.source_hash))
    assert [r.status for r in results] == [StepStatus.FAILED]
    return results[0].message


def unchanged(query: Query, dialect: Dialect, *tables: str) -> list[Any]:
    """The catalog and the rows of these tables, to compare before and after a refused apply."""
    return [dialect.described(query), *(query(f"select * from {t} order by 1") for t in tables)]


@engines()
def test_not_null_over_nulls_applies_nothing_until_the_rows_are_fixed(
    driver: Driver, connection: Connection, load: Load, query: Query, dialect: Dialect
) -> None:
    created, columns, first = NOT_NULL[dialect.engine]
    load(created)
    load("insert into users (id, email) values (1, 'a@example.com'), (2, null), (3, null), (4, null)")
    columns = [{**c, "constraints": {"notNull": True}} if c["name"] == "email" else c for c in columns]
    spec = dialect.table("users", *columns)
    before = unchanged(query, dialect, "users")

    planned = plan(driver, connection, [spec])

    if first is not None:
        assert planned.steps[0].sql == first
    assert counted(planned) == [("rows of users with NULL in email", 3)]
    message = refused(driver, connection, planned)
    assert message == "pre-flight check: 3 rows of users with NULL in email; nothing was applied"
    assert unchanged(query, dialect, "users") == before
    assert query("select count(*) from users where email is null") == [(3,)]

    load("update users set email = 'unknown' where email is null")
    converge(driver, connection, [spec])
    assert query("select id from users order by id") == [(1,), (2,), (3,), (4,)]


@engines("postgres", "mysql")
def test_a_not_null_with_a_default_fills_the_nulls_and_checks_nothing(
    driver: Driver, connection: Connection, load: Load, dialect: Dialect
) -> None:
    load(f"create table users (id {dialect.integer} primary key, email {dialect.text})")
    load("insert into users values (1, null)")
    email = {"name": "email", "type": dialect.text, "default": "none", "constraints": {"notNull": True}}

    planned = converge(driver, connection, [dialect.table("users", email)])

    assert counted(planned) == []


@dataclass(frozen=True)
class Scenario:
    """Rows that one step of the specs' plan would fail on, and the update that fixes them."""

    created: str
    specs: list[SpecObject]
    check: tuple[str, int]
    fix: str


def duplicates(d: Dialect) -> Scenario:
    twin = "A" if d.engine == "mysql" else "a"  # MariaDB's default collation ignores case
    index = {"columns": ["email"], "isUnique": True}
    return Scenario(
        f"create table users (id {d.integer} primary key not null, email {d.text});"
        f"insert into users values (1, 'a'), (2, '{twin}'), (3, 'b'), (4, null), (5, null)",
        [d.table("users", {"name": "email", "type": d.text}, block={"indexes": [index]})],
        ("rows of users sharing a value of (email) with another", 2),
        "update users set email = 'c' where id = 2",
    )


def orphans(d: Dialect) -> Scenario:
    fk = {"columns": ["team_id"], "references": {"table": "teams", "columns": ["id"]}}
    return Scenario(
        f"create table teams (id {d.integer} primary key); insert into teams values (1), (2);"
        f"create table users (id {d.integer} primary key, team_id {d.integer});"
        "insert into users values (1, 1), (2, 2), (3, 98), (4, 99), (5, null)",
        [
            d.table("teams"),
            d.table("users", {"name": "team_id", "type": d.integer}, block={"foreignKeys": [fk]}),
        ],
        ("rows of users whose (team_id) has no row in teams", 2),
        "delete from users where id in (3, 4)",
    )


def long_values(d: Dialect) -> Scenario:
    return Scenario(
        f"create table users (id {d.integer} primary key, name varchar(20));"
        "insert into users values (1, 'ann'), (2, 'bartholomew'), (3, 'christopher'), (4, 'dan  ')",
        [d.table("users", {"name": "name", "type": "varchar(5)"})],
        ("rows of users whose name is longer than 5 characters", 2),
        "update users set name = left(name, 5)",
    )


SCENARIOS = [
    pytest.param(duplicates, "postgres", id="unique-index-over-duplicates-postgres"),
    pytest.param(duplicates, "mysql", id="unique-index-over-duplicates-mysql"),
    pytest.param(duplicates, "sqlite", id="unique-index-over-duplicates-sqlite"),
    pytest.param(duplicates, "rqlite", id="unique-index-over-duplicates-rqlite"),
    pytest.param(orphans, "postgres", id="foreign-key-over-orphans-postgres"),
    pytest.param(orphans, "mysql", id="foreign-key-over-orphans-mysql"),
    pytest.param(long_values, "postgres", id="narrower-varchar-over-long-values-postgres"),
    pytest.param(long_values, "mysql", id="narrower-varchar-over-long-values-mysql"),
]


@pytest.mark.parametrize(("scenario", "engine"), SCENARIOS)
def test_rows_a_step_would_fail_on_stop_the_apply_until_fixed(
    scenario: Callable[[Dialect], Scenario],
    *,
    driver: Driver,
    connection: Connection,
    load: Load,
    query: Query,
    dialect: Dialect,
) -> None:
    given = scenario(dialect)
    load(given.created)
    before = unchanged(query, dialect, "users")

    planned = plan(driver, connection, given.specs)

    assert counted(planned) == [given.check]
    description, rows = given.check
    message = f"pre-flight check: {rows} {description}; nothing was applied"
    assert refused(driver, connection, planned) == message
    assert unchanged(query, dialect, "users") == before
    load(given.fix)
    converge(driver, connection, given.specs)


BIGINT = {"name": "id", "type": "bigint"}
SMALLER = {
    "postgres": ("id bigint", BIGINT, "(1, 100000), (1, 1), (null, 2), (2, -40000)", 3),
    "mysql": (
        "id bigint not null",
        {**BIGINT, "constraints": {"notNull": True}},
        "(1, 100000), (1, 1), (2, -40000), (3, 5)",
        2,
    ),
}
"""Engine -> the key column and its spec, the rows, and how many of them share or lack a key
(MariaDB makes a key column NOT NULL, so it starts that way)."""


@engines(*SMALLER)
def test_a_smaller_integer_and_a_new_primary_key_are_counted(
    driver: Driver, connection: Connection, load: Load, engine: str
) -> None:
    key, key_spec, rows, keyless = SMALLER[engine]
    load(f"create table events ({key}, code bigint)")
    load(f"insert into events values {rows}")
    columns = [key_spec, {"name": "code", "type": "smallint"}]

    planned = plan(
        driver, connection, [table("events", {"primaryKey": ["id"], "columns": columns}, engine=engine)]
    )

    found = dict(counted(planned))
    assert found["rows of events whose code does not fit in smallint"] == 2
    assert found["rows of events with a NULL or shared key (id)"] == keyless


@engines("postgres", "mysql")
def test_checks_name_the_table_and_column_before_their_renames(
    driver: Driver, connection: Connection, load: Load, query: Query, dialect: Dialect
) -> None:
    load(f"create table people (id {dialect.integer} primary key, mail {dialect.text})")
    load("insert into people values (1, null)")
    email = {
        "name": "email",
        "type": dialect.text,
        "constraints": {"notNull": True},
        "previousNames": ["mail"],
    }
    spec = dialect.table("users", email, previousNames=["people"])
    before = unchanged(query, dialect, "people")

    planned = plan(driver, connection, [spec])

    q = dialect.q
    assert [c for s in planned.steps for c in s.checks] == [
        DataCheck(
            "rows of people with NULL in mail",
            f"select count(*) from {q('people')} where {q('mail')} is null",
            1,
        )
    ]
    assert refused(driver, connection, planned).startswith("pre-flight check: 1 row of people")
    assert unchanged(query, dialect, "people") == before
