"""Applying: one transaction for a plan, scripts as written, nothing ever half-applied."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from schemahero.drivers.sqlite import apply
from tests.integration.planning import Query, plan, statuses
from tests.integration.sqlite.conftest import table
from tests.servers.base import TestDatabase

NOT_NULL_NAME = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}},
    ],
}
TAGS = {"columns": [{"name": "tag", "type": "text"}]}


def schema_text(query: Query) -> list[tuple[Any, ...]]:
    return query("select type, name, sql from sqlite_master order by name")


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


def test_a_script_keeps_what_it_committed_and_rolls_back_the_open_transaction(
    driver: Driver, connection: Connection, query: Query
) -> None:
    script = [
        "create table kept (a int)",
        "begin transaction",
        "create table undone (a int)",
        "insert into missing values (1)",
        "commit",
    ]
    results = list(driver.apply(connection, [Step(s, StepKind.RAW) for s in script]))
    assert statuses(results) == [
        StepStatus.APPLIED,
        StepStatus.ROLLED_BACK,
        StepStatus.ROLLED_BACK,
        StepStatus.FAILED,
    ]
    assert "no such table: missing" in results[-1].message
    assert query("select name from sqlite_master") == [("kept",)]


def test_a_script_that_leaves_its_transaction_open_is_rolled_back(
    driver: Driver, connection: Connection, query: Query
) -> None:
    script = ["begin", "create table t (a int)"]
    results = list(driver.apply(connection, [Step(s, StepKind.RAW) for s in script]))
    assert statuses(results) == [StepStatus.ROLLED_BACK, StepStatus.FAILED]
    assert query("select name from sqlite_master") == []


def test_a_script_rollback_is_reported(driver: Driver, connection: Connection) -> None:
    script = ["begin", "create table t (a int)", "rollback", "create table u (a int)"]
    results = list(driver.apply(connection, [Step(s, StepKind.RAW) for s in script]))
    assert statuses(results) == [
        StepStatus.ROLLED_BACK,
        StepStatus.ROLLED_BACK,
        StepStatus.APPLIED,
        StepStatus.APPLIED,
    ]


def test_a_plan_covers_its_rebuild_transaction(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table users (id integer primary key not null, name integer);")
    objects = [table("users", NOT_NULL_NAME)]
    first = plan(driver, connection, objects)
    assert first.steps[0].kind is StepKind.BEGIN
    results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    assert statuses(results) == [StepStatus.APPLIED] * len(first.steps)
    assert results[0].message == results[-1].message == "part of the plan's transaction"


def test_the_write_lock_is_sqlites_own(database: TestDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply, "BUSY_TIMEOUT", 0.05)
    holder, other = apply.connect(database.uri), apply.connect(database.uri)
    try:
        with holder.lock():
            with pytest.raises(DriverError) as refused, other.lock():
                pass
            assert refused.value.code is ErrorCode.ABORTED
        with other.lock():
            pass
    finally:
        holder.close()
        other.close()


def test_connection_problems_are_errors_that_name_the_file(driver: Driver, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database, but it is long enough to have a header" * 20)
    for uri, words in [
        (str(garbage), "file is not a database"),
        (str(tmp_path / "no" / "db.sqlite"), str(tmp_path / "no")),
    ]:
        with pytest.raises(DriverError) as refused:
            driver.check_connection(Connection(uri))
        assert refused.value.code is ErrorCode.INVALID_ARGUMENT
        assert words in refused.value.message


def test_check_connection_gives_the_sqlite_version(driver: Driver, connection: Connection) -> None:
    assert driver.check_connection(connection).server_version.startswith("3.")
