"""A session on one MySQL or MariaDB database: inspect it, hold its apply lock, run statements.

MySQL commits every DDL statement on its own, so a plan cannot be rolled back: statements run
one by one, each reported as it ends, and the first failure stops the apply with what ran
before it still in place (the failure says so). The lock is GET_LOCK on a name derived from
the database, taken without waiting: a second apply gets ABORTED instead of queueing.

Sessions clear ANSI_QUOTES and NO_BACKSLASH_ESCAPES from sql_mode, so that the plan's
literals (double-quoted defaults, backslash escapes) read as they were written.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pymysql  # type: ignore[import-untyped]

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.errors import DriverError, ErrorCode, locked, unavailable
from schemahero.driver_api.types import Step, StepResult, StepStatus
from schemahero.drivers.mysql import charsets, database, queries
from schemahero.drivers.mysql.database import DatabaseOptions
from schemahero.drivers.mysql.inspect import present_rows, read_schema
from schemahero.drivers.mysql.uris import Target
from schemahero.schema.model import ObjectRef, SeedRow

_CLEARED_MODES = frozenset({"ANSI", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES"})
_LOCK_PREFIX = "schemahero:"
_MAX_LOCK_NAME = 64


def connect(target: Target, params: Mapping[str, str]) -> MysqlSession:
    """A session on `target`; UNAVAILABLE when the server cannot be reached or refuses us."""
    wanted = database.wanted(params)
    try:
        connection = pymysql.connect(**target.connect_args(), charset="utf8mb4", autocommit=True)
    except pymysql.MySQLError as error:
        raise unavailable(f"cannot connect to mysql at {_where(target)}: {_message(error)}") from None
    session = MysqlSession(connection, target.database, wanted)
    try:
        session.prepare()
    except BaseException:
        session.close()
        raise
    return session


class MysqlSession:
    def __init__(self, connection: Any, name: str, wanted: tuple[str, str]) -> None:
        self._db = connection
        self._name = name
        self._wanted = wanted
        self._version = ""

    def prepare(self) -> None:
        """Reads the server version and sets the session's sql_mode."""
        self._version = str(self._rows(queries.VERSION, ())[0][0])
        modes = str(self._rows(queries.SQL_MODE, ())[0][0] or "").split(",")
        kept = ",".join(m for m in modes if m and m.upper() not in _CLEARED_MODES)
        self._rows(queries.SET_SQL_MODE, (kept,))

    @property
    def mariadb(self) -> bool:
        return "mariadb" in self._version.lower()

    def server_version(self) -> str:
        return self._version

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        names = None if refs is None else sorted({r.name for r in refs if r.kind == "table"})
        options = self._database()
        schema = read_schema(self._rows, names, options, mariadb=self.mariadb)
        return Inspection(schema, present_rows(self._rows, schema, seeds), options.attrs())

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        name = _lock_name(self._name)
        if self._rows(queries.GET_LOCK, (name,))[0][0] != 1:
            raise locked(f"another apply holds the lock {name!r} on this database")
        try:
            yield
        finally:
            with contextlib.suppress(pymysql.MySQLError):
                self._rows(queries.RELEASE_LOCK, (name,))

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        """Each statement on its own; the first failure ends the apply."""
        for index, step in enumerate(steps):
            start = time.perf_counter()
            try:
                with self._db.cursor() as cursor:
                    cursor.execute(step.sql)
            except pymysql.MySQLError as error:
                before = f"the {index} statements before it stay applied" if index else "none ran before it"
                message = f"{_message(error)}; nothing is rolled back, MySQL commits DDL as it runs: {before}"
                yield StepResult(index, StepStatus.FAILED, message, _ms(start))
                return
            yield StepResult(index, StepStatus.APPLIED, duration_ms=_ms(start))

    def count(self, sql: str) -> int:
        return int(self._rows(sql, ())[0][0])

    def close(self) -> None:
        with contextlib.suppress(pymysql.MySQLError):
            self._db.close()

    def _database(self) -> DatabaseOptions:
        name, charset, collation = self._rows(queries.DATABASE, ())[0]
        wanted_charset, wanted_collation = self._wanted
        default = ""
        if wanted_charset and not wanted_collation:
            found = self._rows(queries.DEFAULT_COLLATION, (charsets.charset(wanted_charset),))
            default = found[0][0] if found else ""
        return DatabaseOptions(name, charset, collation, wanted_charset, wanted_collation, default)

    def _rows(self, sql: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            with self._db.cursor() as cursor:
                cursor.execute(sql, tuple(args) if args else None)
                return [tuple(_text(v) for v in row) for row in cursor.fetchall()]
        except pymysql.OperationalError as error:
            raise unavailable(f"mysql: {_message(error)}") from None
        except pymysql.MySQLError as error:
            raise DriverError(ErrorCode.INTERNAL, f"reading the catalog failed: {_message(error)}") from None


def _lock_name(database_name: str) -> str:
    name = _LOCK_PREFIX + database_name
    if len(name) <= _MAX_LOCK_NAME:
        return name
    return _LOCK_PREFIX + hashlib.sha256(database_name.encode()).hexdigest()[:40]


def _text(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes | bytearray) else value


def _message(error: BaseException) -> str:
    args: tuple[Any, ...] = error.args
    if len(args) >= 2 and isinstance(args[0], int):
        return f"{args[1]} ({args[0]})"
    return str(error)


def _where(target: Target) -> str:
    return target.socket or f"{target.host}:{target.port}"


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
