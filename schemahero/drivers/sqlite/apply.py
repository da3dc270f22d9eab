"""A session on one SQLite file: inspect it, hold its write lock, run statements.

The write lock is SQLite's own: `lock()` opens a BEGIN IMMEDIATE transaction, which no other
writer can open until it ends, so the stale-plan check and the statements of a plan see the
same database. A planned apply runs inside that one transaction; `apply --ddl` runs its
statements as a script, with the script's own BEGIN and COMMIT.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.errors import DriverError, ErrorCode, invalid, locked, unavailable
from schemahero.driver_api.types import Step, StepKind, StepResult, StepStatus
from schemahero.drivers.sqlite.inspect import build_schema, present_rows, read_catalog
from schemahero.drivers.sqlite.uris import resolve
from schemahero.schema.model import ObjectRef, SeedRow

BUSY_TIMEOUT = 5.0
"""Seconds to wait for another writer before giving up (ABORTED for the lock)."""

MINIMUM_VERSION = (3, 37, 0)
"""pragma_table_list and STRICT tables."""

_COVERED = "part of the plan's transaction"


def connect(uri: str) -> SqliteSession:
    """A session on the file `uri` names (created if missing, as SQLite does)."""
    if sqlite3.sqlite_version_info < MINIMUM_VERSION:
        raise DriverError(
            ErrorCode.UNIMPLEMENTED,
            f"SQLite {sqlite3.sqlite_version} is too old: the driver needs 3.37 or later",
        )
    target = resolve(uri)
    try:
        connection = sqlite3.connect(
            target.database,
            uri=target.uri,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as error:
        raise invalid(f"{target.path or target.database}: {error}") from error
    try:
        # Renaming a table in a rebuild must not repoint other tables' foreign keys at it.
        connection.execute("pragma legacy_alter_table = on")
        connection.execute("pragma schema_version").fetchall()
    except sqlite3.Error as error:
        connection.close()
        raise invalid(f"{target.path or target.database}: {error}") from error
    return SqliteSession(connection)


class SqliteSession:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def server_version(self) -> str:
        return str(self._rows("select sqlite_version()", ())[0][0])

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        """The tables `refs` name (every table when None) and those they reference, then seed rows."""
        schema = build_schema(read_catalog(self._rows, refs))
        return Inspection(schema, present_rows(self._rows, schema, seeds))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        try:
            self._db.execute("begin immediate")
        except sqlite3.OperationalError as error:
            raise locked(f"another writer holds the SQLite database: {error}") from error
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("rollback")

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        if planned:
            return self._in_one_transaction(steps)
        return self._as_script(steps)

    def count(self, sql: str) -> int:
        return int(self._rows(sql, ())[0][0])

    def close(self) -> None:
        if self._db.in_transaction:
            self._db.execute("rollback")
        self._db.close()

    def _in_one_transaction(self, steps: Sequence[Step]) -> Iterator[StepResult]:
        """All or nothing; results come once the outcome is known."""
        if not self._db.in_transaction:
            self._db.execute("begin immediate")
        done: list[StepResult] = []
        for index, step in enumerate(steps):
            if step.kind in (StepKind.BEGIN, StepKind.COMMIT):
                done.append(StepResult(index, StepStatus.APPLIED, _COVERED))
                continue
            result = self._run(index, step.sql)
            if result.status is StepStatus.FAILED:
                self._rollback()
                yield from _rolled_back(done)
                yield result
                return
            done.append(result)
        try:
            self._db.execute("commit")
        except sqlite3.Error as error:
            self._rollback()
            if not done:
                raise unavailable(f"the SQLite commit failed: {error}") from error
            yield from _rolled_back(done[:-1])
            yield StepResult(done[-1].index, StepStatus.FAILED, f"commit failed: {error}")
            return
        yield from done

    def _as_script(self, steps: Sequence[Step]) -> Iterator[StepResult]:
        """Statement by statement; results inside a transaction wait for its end."""
        if self._db.in_transaction:
            self._db.execute("rollback")  # the lock's transaction: the script brings its own
        pending: list[StepResult] = []
        for index, step in enumerate(steps):
            result = self._run(index, step.sql)
            if result.status is StepStatus.FAILED:
                self._rollback()
                yield from _rolled_back(pending)
                yield result
                return
            pending.append(result)
            if not self._db.in_transaction:
                ended_by_rollback = step.sql.lstrip().lower().startswith("rollback")
                yield from _rolled_back(pending[:-1]) if ended_by_rollback else pending[:-1]
                yield pending[-1]
                pending = []
        if pending:
            self._rollback()
            yield from _rolled_back(pending[:-1])
            message = "the script ended inside a transaction, which was rolled back"
            yield StepResult(pending[-1].index, StepStatus.FAILED, message)

    def _run(self, index: int, sql: str) -> StepResult:
        start = time.perf_counter()
        try:
            self._db.execute(sql)
        except sqlite3.Error as error:
            return StepResult(index, StepStatus.FAILED, str(error), _ms(start))
        return StepResult(index, StepStatus.APPLIED, duration_ms=_ms(start))

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("rollback")

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise unavailable(f"the SQLite database is busy: {error}") from error
            raise DriverError(ErrorCode.INTERNAL, f"reading the catalog failed: {error}") from error


def _rolled_back(results: Sequence[StepResult]) -> Iterator[StepResult]:
    for result in results:
        yield StepResult(result.index, StepStatus.ROLLED_BACK, result.message, result.duration_ms)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
