"""Applying: a plan is one transactional request, scripts run as written, the stale-plan guard."""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable

import pytest

from schemahero.driver_api import (
    Connection,
    Driver,
    DriverError,
    ErrorCode,
    Step,
    StepKind,
    StepStatus,
)
from schemahero.drivers.rqlite.session import connect
from tests.integration.planning import Query, plan, statuses
from tests.integration.rqlite.conftest import table
from tests.servers.base import TestDatabase, free_port

NOT_NULL_NAME = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}},
    ],
}
TAGS = {"columns": [{"name": "tag", "type": "text"}]}


def schema_text(query: Query) -> list[tuple[object, ...]]:
    return query("select type, name, sql from sqlite_master order by name")


def raw(*script: str) -> list[Step]:
    return [Step(sql, StepKind.RAW) for sql in script]


def test_a_failing_plan_rolls_back_every_step(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table users (id integer primary key not null, name text);"
        "insert into users values (1, 'a'), (2, null);"
    )
    before = schema_text(query)
    objects = [table("tags", TAGS), table("users", NOT_NULL_NAME)]
    first = plan(driver, connection, objects)
    # Without the pre-flight checks, which would stop the plan before the database fails it.
    unchecked = [dataclasses.replace(s, checks=()) for s in first.steps]
    results = list(driver.apply(connection, unchecked, first.source_hash, objects))

    failing = next(i for i, s in enumerate(first.steps) if s.sql.startswith("insert into users"))
    assert statuses(results) == [StepStatus.ROLLED_BACK] * failing + [StepStatus.FAILED]
    assert "NOT NULL constraint failed: users.name" in results[-1].message
    assert schema_text(query) == before
    assert query("select id, name from users order by id") == [(1, "a"), (2, None)]
    assert [s.sql for s in plan(driver, connection, objects).steps] == [s.sql for s in first.steps]


def test_a_script_transaction_is_one_request(driver: Driver, connection: Connection, query: Query) -> None:
    script = raw(
        "create table kept (a int)",
        "begin transaction",
        "create table undone (a int)",
        "insert into missing values (1)",
        "commit",
    )
    results = list(driver.apply(connection, script))
    assert statuses(results) == [
        StepStatus.APPLIED,
        StepStatus.ROLLED_BACK,
        StepStatus.ROLLED_BACK,
        StepStatus.FAILED,
    ]
    assert "no such table: missing" in results[-1].message
    assert query("select name from sqlite_master") == [("kept",)]

    committed = list(driver.apply(connection, raw("begin", "create table t (a int)", "commit")))
    assert statuses(committed) == [StepStatus.APPLIED] * 3
    assert query("select name from sqlite_master order by name") == [("kept",), ("t",)]


def test_a_script_stops_at_its_first_failure(driver: Driver, connection: Connection, query: Query) -> None:
    script = raw("create table a (x)", "create table a (x)", "create table b (x)")
    results = list(driver.apply(connection, script))
    assert statuses(results) == [StepStatus.APPLIED, StepStatus.FAILED]
    assert "table a already exists" in results[-1].message
    assert query("select name from sqlite_master") == [("a",)]


def test_a_statement_outside_a_script_transaction_runs_outside_any(
    driver: Driver, connection: Connection
) -> None:
    results = list(driver.apply(connection, raw("create table a (x)", "vacuum")))
    assert statuses(results) == [StepStatus.APPLIED, StepStatus.APPLIED]
    inside = list(driver.apply(connection, raw("begin", "vacuum", "commit")))
    assert "cannot VACUUM from within a transaction" in inside[-1].message


def test_a_script_that_rolls_back_or_leaves_its_transaction_open_changes_nothing(
    driver: Driver, connection: Connection, query: Query
) -> None:
    results = list(
        driver.apply(connection, raw("begin", "create table t (a int)", "rollback", "create table u (a)"))
    )
    assert statuses(results) == [
        StepStatus.ROLLED_BACK,
        StepStatus.ROLLED_BACK,
        StepStatus.APPLIED,
        StepStatus.APPLIED,
    ]
    left_open = list(driver.apply(connection, raw("begin", "create table v (a int)")))
    assert statuses(left_open) == [StepStatus.ROLLED_BACK, StepStatus.FAILED]
    assert query("select name from sqlite_master") == [("u",)]


def test_a_schema_change_between_the_stale_check_and_the_write_fails_the_plan(
    connection: Connection, execute: Callable[[str], None], query: Query
) -> None:
    mine = [Step("create table mine (a int)", StepKind.CREATE_TABLE)]
    session, other = connect(connection), connect(connection)
    with session.lock():
        with other.lock():
            pass  # no advisory lock: nobody waits
        execute("create table theirs (a int)")
        with pytest.raises(DriverError) as refused:
            list(session.execute(mine, planned=True))
    assert refused.value.code is ErrorCode.FAILED_PRECONDITION
    assert query("select name from sqlite_master") == [("theirs",)]
    with session.lock():
        assert statuses(list(session.execute(mine, planned=True))) == [StepStatus.APPLIED]


def test_check_connection_names_rqlite_and_its_sqlite(driver: Driver, database: TestDatabase) -> None:
    version = driver.check_connection(Connection(database.uri)).server_version
    assert version.startswith("rqlite v8.") and "(SQLite 3." in version
    node = urllib.parse.urlsplit(database.uri)
    upstream = {"host": "127.0.0.1", "port": str(node.port), "user": "schemahero", "password": "notasecret"}
    assert (
        driver.check_connection(Connection("", {**upstream, "disableTLS": "true"})).server_version == version
    )


def test_bad_credentials_are_invalid_and_never_shown(driver: Driver, database: TestDatabase) -> None:
    wrong = database.uri.replace(":notasecret@", ":wrong-secret@")
    anonymous = database.uri.replace("schemahero:notasecret@", "")
    for uri in (wrong, anonymous):
        with pytest.raises(DriverError) as refused:
            driver.check_connection(Connection(uri))
        assert refused.value.code is ErrorCode.INVALID_ARGUMENT
        assert "HTTP 401" in refused.value.message
        assert "secret" not in str(refused.value)


def test_a_node_that_does_not_answer_is_unavailable(driver: Driver) -> None:
    with pytest.raises(DriverError) as refused:
        driver.check_connection(Connection(f"http://schemahero:notasecret@127.0.0.1:{free_port()}"))
    assert refused.value.code is ErrorCode.UNAVAILABLE
    assert "cannot reach rqlite at http://127.0.0.1:" in refused.value.message
    assert "notasecret" not in refused.value.message
