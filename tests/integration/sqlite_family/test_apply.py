"""Applying: a plan is one transaction, scripts run as written, nothing is ever half-applied."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from tests.integration.planning import Query, plan, statuses
from tests.integration.sqlite_family.conftest import Table
from tests.integration.sqlite_family.tables import NOT_NULL_NAME

TAGS = {"columns": [{"name": "tag", "type": "text"}]}


def schema_text(query: Query) -> list[tuple[object, ...]]:
    return query("select type, name, sql from sqlite_master order by name")


def raw(*script: str) -> list[Step]:
    return [Step(sql, StepKind.RAW) for sql in script]


def test_a_failing_plan_rolls_back_every_step(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query, table: Table
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


def test_a_script_keeps_what_it_committed_and_rolls_back_the_open_transaction(
    driver: Driver, connection: Connection, query: Query
) -> None:
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
    results = list(
        driver.apply(connection, raw("create table a (x)", "create table a (x)", "create table b (x)"))
    )
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


def test_a_script_rollback_is_reported(driver: Driver, connection: Connection, query: Query) -> None:
    script = raw("begin", "create table t (a int)", "rollback", "create table u (a)")
    assert statuses(list(driver.apply(connection, script))) == [
        StepStatus.ROLLED_BACK,
        StepStatus.ROLLED_BACK,
        StepStatus.APPLIED,
        StepStatus.APPLIED,
    ]
    assert query("select name from sqlite_master") == [("u",)]


def test_a_script_that_leaves_its_transaction_open_is_rolled_back(
    driver: Driver, connection: Connection, query: Query
) -> None:
    results = list(driver.apply(connection, raw("begin", "create table v (a int)")))
    assert statuses(results) == [StepStatus.ROLLED_BACK, StepStatus.FAILED]
    assert query("select name from sqlite_master") == []
