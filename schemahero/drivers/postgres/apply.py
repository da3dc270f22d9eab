"""A session on one PostgreSQL database: read its catalog, hold the apply lock, run steps.

A plan runs in one transaction (PostgreSQL's DDL is transactional), except the steps marked
non-transactional, which run on their own between the transactions around them. Results of
a transaction are reported once it ends: APPLIED after the commit, or ROLLED_BACK and the
FAILED step when a statement fails. `apply --ddl` runs each statement on its own, as upstream.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import psycopg

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.errors import locked, unavailable
from schemahero.driver_api.types import Step, StepResult, StepStatus
from schemahero.drivers.postgres import queries
from schemahero.drivers.postgres.inspect import CatalogReader
from schemahero.drivers.postgres.seeds import present_rows
from schemahero.schema.model import ObjectRef, SeedRow

LOCK_KEY = 0x5348_4552_4F00_0001
"""The advisory lock every SchemaHero apply takes on a database ("SHERO", 1)."""


class _Failed(Exception):
    """Leaves the transaction block, which rolls it back, once a step has failed."""


class PostgresSession:
    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]], reader: CatalogReader) -> None:
        self.conn = conn
        self.reader = reader

    def server_version(self) -> str:
        return self.conn.info.parameter_status("server_version") or str(self.conn.info.server_version)

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        schema = self.reader.read(self.conn, refs)
        return Inspection(schema, present_rows(self.conn, schema, seeds) if seeds else {})

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        row = self.conn.execute(queries.LOCK, {"key": LOCK_KEY}).fetchone()
        if not row or not row[0]:
            raise locked("another apply holds SchemaHero's advisory lock on this database")
        try:
            yield
        finally:
            with contextlib.suppress(psycopg.Error):
                self.conn.execute(queries.UNLOCK, {"key": LOCK_KEY})

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        # Functions are created before tables (their triggers need them), so an SQL function's
        # body may name a table the same plan creates later: check bodies at call time, as
        # pg_dump's scripts do.
        self.conn.execute("set check_function_bodies = off")
        numbered = list(enumerate(steps))
        if not planned:
            groups = [(False, [item]) for item in numbered]
        else:
            groups = [
                (key, list(group)) for key, group in itertools.groupby(numbered, lambda s: s[1].transactional)
            ]
        for transactional, group in groups:
            results = self._transaction(group) if transactional else [self._run(i, step) for i, step in group]
            yield from results
            if any(r.status is StepStatus.FAILED for r in results):
                return

    def count(self, sql: str) -> int:
        row = self.conn.execute(sql.encode()).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.conn.close()

    def _transaction(self, steps: list[tuple[int, Step]]) -> list[StepResult]:
        done: list[StepResult] = []
        failure: StepResult | None = None
        try:
            with self.conn.transaction():
                for index, step in steps:
                    result = self._run(index, step)
                    if result.status is StepStatus.FAILED:
                        failure = result
                        raise _Failed
                    done.append(result)
        except _Failed:
            pass
        except psycopg.Error as error:
            if failure is None:  # the commit (or the rollback after a lost connection) failed
                if not done:
                    raise unavailable(f"the transaction failed: {_message(error)}") from error
                failure = StepResult(done[-1].index, StepStatus.FAILED, f"commit failed: {_message(error)}")
                done = done[:-1]
        return done if failure is None else [*_rolled_back(done), failure]

    def _run(self, index: int, step: Step) -> StepResult:
        start = time.perf_counter()
        try:
            self.conn.execute(step.sql.encode())
        except psycopg.Error as error:
            return StepResult(index, StepStatus.FAILED, _message(error), _ms(start))
        return StepResult(index, StepStatus.APPLIED, duration_ms=_ms(start))


def _message(error: psycopg.Error) -> str:
    diag = error.diag
    text = diag.message_primary or str(error).strip()
    for extra in (diag.message_detail, diag.message_hint):
        if extra:
            text += f" ({extra})"
    return f"{error.sqlstate}: {text}" if error.sqlstate else text


def _rolled_back(results: Sequence[StepResult]) -> list[StepResult]:
    return [
        StepResult(r.index, StepStatus.ROLLED_BACK, "rolled back with the transaction", r.duration_ms)
        for r in results
    ]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
