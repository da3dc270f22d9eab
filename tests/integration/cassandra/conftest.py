"""A Cassandra node for the session (tests/servers/cassandra.py), a fresh keyspace for each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.drivers.cassandra import create_driver
from schemahero.drivers.cassandra.connecting import connect, target
from schemahero.schema.documents import SpecObject
from tests.conftest import Servers
from tests.servers.base import TestDatabase


@pytest.fixture
def database(servers: Servers) -> TestDatabase:
    """An empty keyspace on the session's Cassandra (skips, naming Cassandra, when there is none)."""
    return servers.database("cassandra")


@pytest.fixture
def connection(database: TestDatabase) -> Connection:
    """As the CLI and the operator give it: parameters, no URI."""
    return Connection("", dict(database.params))


@pytest.fixture
def driver() -> Driver:
    return create_driver()


@pytest.fixture
def load(database: TestDatabase) -> Callable[[str], None]:
    """Runs a CQL script in the test keyspace, as fixtures.sql files are loaded."""
    return database.load


@pytest.fixture
def query(connection: Connection) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
    """Rows of one query in the test keyspace, read through a session of its own."""
    cluster, session = connect(target(connection))
    try:
        yield lambda cql, *params: [tuple(row) for row in session.execute(cql, params or None)]
    finally:
        cluster.shutdown()


def table(name: str, block: dict[str, Any], **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.cassandra` block."""
    body = {"name": name, "schema": {"cassandra": block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def data_type(name: str, fields: list[tuple[str, str]], **block: Any) -> SpecObject:
    """A DataType object with a `spec.schema.cassandra` block."""
    body = {
        "name": name,
        "schema": {"cassandra": {"fields": [{"name": n, "type": t} for n, t in fields], **block}},
    }
    return SpecObject("DataType", name, body, f"test: DataType {name}")


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
