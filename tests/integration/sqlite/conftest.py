"""SQLite needs no server: each test gets a fresh database file in its temporary folder."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.drivers.sqlite import create_driver
from schemahero.schema.documents import SpecObject


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def connection(database: Path) -> Connection:
    return Connection(str(database))


@pytest.fixture
def driver() -> Driver:
    return create_driver()


@pytest.fixture
def load(database: Path) -> Callable[[str], None]:
    """Runs an SQL script on the test database, as fixtures.sql files are loaded."""

    def run(script: str) -> None:
        with contextlib.closing(sqlite3.connect(database)) as db:
            db.executescript(script)

    return run


@pytest.fixture
def query(database: Path) -> Callable[[str], list[tuple[Any, ...]]]:
    """Rows of one query on the test database, read through a connection of its own."""

    def run(sql: str) -> list[tuple[Any, ...]]:
        with contextlib.closing(sqlite3.connect(database)) as db:
            return db.execute(sql).fetchall()

    return run


def table(name: str, block: dict[str, Any], **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.sqlite` block."""
    body = {"name": name, "schema": {"sqlite": block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    result = driver.plan(connection, objects, PlanOptions(seed_data=True))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def converge(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    """Plan, apply, and check that planning again finds nothing; the plan that was applied."""
    planned = plan(driver, connection, objects)
    results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    failed = [r for r in results if r.status is StepStatus.FAILED]
    assert not failed, (failed, [s.sql for s in planned.steps])
    again = plan(driver, connection, objects)
    assert not again.steps, [s.sql for s in again.steps]
    return planned


def statuses(results: Sequence[StepResult]) -> list[StepStatus]:
    return [r.status for r in sorted(results, key=lambda r: r.index)]
