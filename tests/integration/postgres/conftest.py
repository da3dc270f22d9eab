"""A PostgreSQL server for the session (tests/servers/postgres.py), a fresh database per test."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import psycopg
import pytest

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.drivers.postgres import create_driver
from schemahero.drivers.timescaledb import create_driver as create_timescale_driver
from schemahero.schema.documents import SpecObject
from tests.conftest import Servers
from tests.servers.base import TestDatabase

Query = Callable[[str], list[tuple[Any, ...]]]


@pytest.fixture
def database(servers: Servers) -> TestDatabase:
    """An empty database on the session's PostgreSQL (skips, naming PostgreSQL, if there is none)."""
    return servers.database("postgres")


@pytest.fixture
def connection(database: TestDatabase) -> Connection:
    return Connection(database.uri)


@pytest.fixture
def driver() -> Driver:
    return create_driver()


@pytest.fixture
def timescale_driver() -> Driver:
    return create_timescale_driver()


@pytest.fixture
def load(database: TestDatabase) -> Callable[[str], None]:
    """Runs an SQL script on the test database, as fixtures.sql files are loaded."""
    return database.load


@pytest.fixture
def query(database: TestDatabase) -> Query:
    """Rows of one query on the test database, read through a connection of its own."""

    def run(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(database.uri, autocommit=True) as db:
            return db.execute(sql.encode()).fetchall()

    return run


@pytest.fixture
def db(database: TestDatabase) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    """An open autocommit connection to the test database."""
    with contextlib.closing(psycopg.connect(database.uri, autocommit=True)) as conn:
        yield conn


def table(name: str, block: dict[str, Any], engine: str = "postgres", **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.<engine>` block."""
    body = {"name": name, "schema": {engine: block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    result = driver.plan(connection, objects, PlanOptions(seed_data=True))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def apply(
    driver: Driver, connection: Connection, planned: Plan, objects: Sequence[SpecObject]
) -> list[StepResult]:
    results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    failed = [r for r in results if r.status is not StepStatus.APPLIED]
    assert not failed, (failed, [s.sql for s in planned.steps])
    return results


def converge(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    """Plan, apply, and check that planning again finds nothing; the plan that was applied."""
    planned = plan(driver, connection, objects)
    apply(driver, connection, planned, objects)
    again = plan(driver, connection, objects)
    assert not again.steps, [s.sql for s in again.steps]
    return planned


def sql(planned: Plan) -> list[str]:
    return [step.sql for step in planned.steps]
