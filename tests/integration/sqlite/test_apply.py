"""Applying on SQLite: a rebuild's own transaction, the file's write lock, and opening a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemahero.driver_api import (
    Connection,
    Driver,
    DriverError,
    ErrorCode,
    StepKind,
    StepStatus,
)
from schemahero.drivers.sqlite import apply
from tests.integration.planning import plan, statuses
from tests.integration.sqlite.conftest import table
from tests.integration.sqlite_family.tables import NOT_NULL_NAME
from tests.servers.base import TestDatabase


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
