"""A session on one keyspace: inspect it, run statements one by one.

Cassandra has no transactions and no locks: `lock()` holds nothing (two applies at once are the
operator's to prevent), statements run in order, and the first failure stops the run with the
earlier statements left applied. Each schema change waits until every node sees it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cassandra import CoordinationFailure, DriverException, OperationTimedOut, Timeout, Unavailable
from cassandra.cluster import NoHostAvailable
from cassandra.query import SimpleStatement

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.errors import DriverError, ErrorCode, unavailable
from schemahero.driver_api.types import Step, StepKind, StepResult, StepStatus
from schemahero.drivers.cassandra import connecting, queries
from schemahero.drivers.cassandra.inspect import build_schema, present_rows, read_catalog
from schemahero.schema.model import ObjectRef, SeedRow

_UNREACHABLE = (NoHostAvailable, OperationTimedOut, Unavailable, Timeout, CoordinationFailure)
"""Failures of the cluster, not of the query: the caller may retry."""
_FAILURES = (DriverException, NoHostAvailable)


def connect(where: connecting.Target) -> CassandraSession:
    cluster, session = connecting.connect(where)
    return CassandraSession(cluster, session, where)


class CassandraSession:
    def __init__(self, cluster: Any, session: Any, where: connecting.Target) -> None:
        self._cluster = cluster
        self._session = session
        self._where = where

    def server_version(self) -> str:
        return str(self._rows(queries.SERVER_VERSION, ())[0][0])

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        """Every table and type of the keyspace (the queries do not depend on `refs`)."""
        keyspace = self._where.keyspace
        schema = build_schema(read_catalog(self._rows, keyspace))
        return Inspection(schema, present_rows(self._rows, keyspace, schema, seeds))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Cassandra has no lock to take."""
        yield

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        """Each statement in order; after a failure nothing more runs, nothing is undone."""
        for index, step in enumerate(steps):
            result = self._run(index, step)
            yield result
            if result.status is StepStatus.FAILED:
                return

    def count(self, sql: str) -> int:
        return int(self._rows(sql, ())[0][0])

    def close(self) -> None:
        self._cluster.shutdown()

    def _run(self, index: int, step: Step) -> StepResult:
        start = time.perf_counter()
        try:
            self._session.execute(SimpleStatement(step.sql))
        except _FAILURES as error:
            return StepResult(index, StepStatus.FAILED, _failure(index, str(error)), _ms(start))
        if step.kind is not StepKind.UPSERT_ROWS and not self._agreed():
            message = (
                f"the nodes did not agree on the schema within {connecting.SCHEMA_AGREEMENT_WAIT} s "
                "after this statement, so the next ones were not run"
            )
            return StepResult(index, StepStatus.FAILED, _failure(index, message), _ms(start))
        return StepResult(index, StepStatus.APPLIED, duration_ms=_ms(start))

    def _agreed(self) -> bool:
        """Whether every node sees the same schema (the client waited for it after the statement)."""
        try:
            return bool(self._cluster.control_connection.wait_for_schema_agreement())
        except DriverException:
            return False

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return [tuple(row) for row in self._session.execute(sql, tuple(params))]
        except _UNREACHABLE as error:
            raise unavailable(f"Cassandra stopped answering ({self._where.where}): {error}") from error
        except _FAILURES as error:
            raise DriverError(ErrorCode.INTERNAL, f"reading the catalog failed: {error}") from error


def _failure(index: int, message: str) -> str:
    if not index:
        return message
    earlier = "the earlier step stays" if index == 1 else f"the {index} earlier steps stay"
    return f"{message} ({earlier} applied: Cassandra has no transactions)"


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
