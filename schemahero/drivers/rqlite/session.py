"""A session on one rqlite node, over its HTTP API.

Inspection runs the SQLite package's catalog queries, one /db/query request each, and builds
the model from their rows as the SQLite driver does.

A planned apply is ONE /db/execute?transaction request holding every statement of the plan, so
the plan is applied whole or not at all. A raw script (`apply --ddl`) runs statement by
statement, its own BEGIN ... COMMIT blocks as one request each (scripts.py).

Locking: rqlite has no advisory lock, and the driver has no ADVISORY_LOCK capability. `lock()`
takes none; it notes the schema version instead, and a planned request starts with a statement
that fails it unless the schema version is still that one. The stale-plan check and the write
thus see the same schema, or nothing is written; other clients are never kept waiting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.errors import DriverError, ErrorCode, stale
from schemahero.driver_api.types import Connection, Step, StepKind, StepResult, StepStatus
from schemahero.drivers.rqlite import statements
from schemahero.drivers.rqlite.http_api import HttpApi, Result
from schemahero.drivers.rqlite.scripts import Outcome, batches
from schemahero.drivers.rqlite.uris import resolve
from schemahero.drivers.sqlite.apply import MINIMUM_VERSION
from schemahero.drivers.sqlite.inspect import build_schema, present_rows, read_catalog
from schemahero.schema.model import ObjectRef, SeedRow

_OWN_TRANSACTION = (StepKind.BEGIN, StepKind.COMMIT)
_COVERED = "part of the plan's transaction"
_SCRIPT_COVERED = "part of the script's transaction, sent as one request"
_NOT_SENT = "not sent: the script rolls its transaction back"


def connect(connection: Connection) -> RqliteSession:
    """A session on the node `connection` names, once it has answered one query."""
    api = HttpApi(resolve(connection))
    version = str(_rows(api, statements.SQLITE_VERSION, ())[0][0])
    if tuple(int(part) for part in version.split(".")[:3]) < MINIMUM_VERSION:
        raise DriverError(
            ErrorCode.UNIMPLEMENTED,
            f"the rqlite node runs SQLite {version}: the driver needs 3.37 or later",
        )
    return RqliteSession(api, version)


class RqliteSession:
    def __init__(self, api: HttpApi, sqlite_version: str) -> None:
        self._api = api
        self.sqlite_version = sqlite_version
        self._schema_version: int | None = None

    def server_version(self) -> str:
        return f"rqlite {self._api.version or '(version not said)'} (SQLite {self.sqlite_version})"

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        """The tables `refs` name (every table when None) and those they reference, then seed rows."""
        schema = build_schema(read_catalog(self._rows, refs))
        return Inspection(schema, present_rows(self._rows, schema, seeds))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self._schema_version = int(self._rows(statements.SCHEMA_VERSION, ())[0][0])
        try:
            yield
        finally:
            self._schema_version = None

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        if planned:
            return self._as_one_request(steps)
        return self._as_script(steps)

    def count(self, sql: str) -> int:
        return int(self._rows(sql, ())[0][0])

    def close(self) -> None:
        """Nothing is held between requests."""

    def _as_one_request(self, steps: Sequence[Step]) -> Iterator[StepResult]:
        sent = [i for i, step in enumerate(steps) if step.kind not in _OWN_TRANSACTION]
        version = self._schema_version
        guard = [statements.unchanged_schema(version)] if sent and version is not None else []
        results, failing = self._write([*guard, *(steps[i].sql for i in sent)])
        if failing is not None and failing < len(guard):
            raise stale("the schema changed since this plan was checked against it: plan again")
        results = results[len(guard) :]
        if failing is None:
            yield from _applied(range(len(steps)), sent, results, _COVERED)
        else:
            failed = sent[failing - len(guard)]
            yield from _failed(range(len(steps)), failed, results[-1], "the plan's transaction failed")

    def _as_script(self, steps: Sequence[Step]) -> Iterator[StepResult]:
        for batch in batches([step.sql for step in steps]):
            *covered, last = batch.steps
            if batch.outcome is not Outcome.RUN:
                yield from (StepResult(i, StepStatus.ROLLED_BACK, _NOT_SENT) for i in covered)
                if batch.outcome is Outcome.FAILED:
                    yield StepResult(last, StepStatus.FAILED, batch.message)
                    return
                yield StepResult(last, StepStatus.APPLIED)
                continue
            # A statement of its own runs outside a transaction, as SQLite runs it (VACUUM can).
            alone = batch.steps == batch.sent
            results, failing = self._write([steps[i].sql for i in batch.sent], transaction=not alone)
            if failing is not None:
                yield from _failed(batch.steps, batch.sent[failing], results[-1], "its transaction failed")
                return
            yield from _applied(batch.steps, batch.sent, results, _SCRIPT_COVERED)

    def _write(self, sqls: Sequence[str], *, transaction: bool = True) -> tuple[list[Result], int | None]:
        """One request of `sqls`, with legacy_alter_table on around them: their results (up to
        the failing one), and the position of the failing one."""
        if not sqls:
            return [], None
        wrapped = [statements.LEGACY_ALTER_ON, *sqls, statements.LEGACY_ALTER_OFF]
        results = self._api.execute(wrapped, transaction=transaction)
        failing = next((i for i, result in enumerate(results) if "error" in result), None)
        if failing is None and len(results) == len(sqls) + 2:
            return results[1:-1], None
        if failing is None or failing in (0, len(sqls) + 1):
            said = results[failing]["error"] if failing is not None else f"{len(results)} results"
            raise DriverError(ErrorCode.INTERNAL, f"rqlite refused the driver's own pragma: {said}")
        if transaction:
            # The failed transaction stopped before turning the pragma off: the node's next
            # requests must not find it on.
            with contextlib.suppress(DriverError):
                self._api.execute([statements.LEGACY_ALTER_OFF], transaction=False)
        return results[1 : failing + 1], failing - 1

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return _rows(self._api, sql, params)


def _rows(api: HttpApi, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    (result,) = api.query([[sql, *params] if params else sql])
    if "error" in result:
        raise DriverError(ErrorCode.INTERNAL, f"reading the catalog failed: {result['error']}")
    return [tuple(row) for row in result.get("values", [])]


def _applied(
    steps: Iterable[int], sent: Sequence[int], results: Sequence[Result], covered: str
) -> Iterator[StepResult]:
    """Each of `steps` applied: those sent with their time, the others (BEGIN, COMMIT) covered."""
    times = dict(zip(sent, results, strict=True))
    for index in steps:
        result = times.get(index)
        if result is None:
            yield StepResult(index, StepStatus.APPLIED, covered)
        else:
            yield StepResult(index, StepStatus.APPLIED, duration_ms=_ms(result))


def _failed(steps: Iterable[int], failed: int, result: Result, undone: str) -> Iterator[StepResult]:
    """The steps before `failed` undone with their transaction, then `failed` with rqlite's error."""
    yield from (StepResult(i, StepStatus.ROLLED_BACK, undone) for i in steps if i < failed)
    yield StepResult(failed, StepStatus.FAILED, str(result["error"]), _ms(result))


def _ms(result: Result) -> float:
    return float(result.get("time", 0.0)) * 1000
