"""A MariaDB server for the session (tests/servers/mysql.py), a fresh database for each test."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import pymysql  # type: ignore[import-untyped]
import pytest

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.drivers.mysql import create_driver
from schemahero.drivers.mysql.uris import parse
from schemahero.schema.documents import SpecObject
from tests.conftest import Servers
from tests.servers.base import TestDatabase


@pytest.fixture
def database(servers: Servers) -> TestDatabase:
    """An empty database on the session's MariaDB (skips, naming MariaDB, when there is none)."""
    return servers.database("mysql")


@pytest.fixture
def connection(database: TestDatabase) -> Connection:
    return Connection(database.uri)


@pytest.fixture
def driver() -> Driver:
    return create_driver()


@pytest.fixture
def load(database: TestDatabase) -> Callable[[str], None]:
    """Runs an SQL script on the test database, as fixtures.sql files are loaded."""
    return database.load


@pytest.fixture
def query(database: TestDatabase) -> Callable[[str], list[tuple[Any, ...]]]:
    """Rows of one query on the test database, read through a connection of its own."""

    def run(sql: str) -> list[tuple[Any, ...]]:
        target = parse(database.uri)
        db = pymysql.connect(**target.connect_args(), autocommit=True)
        with contextlib.closing(db), db.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    return run


def table(name: str, block: dict[str, Any], **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.mysql` block."""
    body = {"name": name, "schema": {"mysql": block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    result = driver.plan(connection, objects, PlanOptions(seed_data=True))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def apply(
    driver: Driver, connection: Connection, planned: Plan, objects: Sequence[SpecObject]
) -> list[StepResult]:
    results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    failed = [r for r in results if r.status is StepStatus.FAILED]
    assert not failed, (failed, [s.sql for s in planned.steps])
    return results


def converge(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    """Plan, apply, and check that planning again finds nothing; the plan that was applied."""
    planned = plan(driver, connection, objects)
    apply(driver, connection, planned, objects)
    again = plan(driver, connection, objects)
    assert not again.steps, [s.sql for s in again.steps]
    return planned
