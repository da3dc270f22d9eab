"""EngineDriver: the Driver contract implemented once over any Engine."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from schemahero.diffing import diff, order
from schemahero.driver_api.engine import Engine, Inspection, Session
from schemahero.driver_api.errors import DriverError, ErrorCode, stale, unimplemented
from schemahero.driver_api.types import (
    DEFAULT_PLAN_OPTIONS,
    EVERYTHING,
    Capability,
    Connection,
    ExportScope,
    Plan,
    PlanOptions,
    PluginInfo,
    ServerInfo,
    Step,
    StepResult,
    StepStatus,
)
from schemahero.schema.diagnostics import Diagnostic, SpecError, has_errors
from schemahero.schema.documents import SpecObject
from schemahero.schema.fingerprint import fingerprint
from schemahero.schema.model import Desired, ObjectRef, Schema


class EngineDriver:
    """A Driver made of an Engine: parse, inspect, diff, order, render, hash, execute.

    `for_connection`, when given, makes the engine that plans for one connection: for an
    engine whose statements name the database they run in, which only the connection knows
    (Cassandra prints seed rows as `INSERT INTO keyspace.table`). Rendering stays a function
    of the changes alone, so the Engine protocol is the same for every engine; calls without
    a connection (validate, fixtures) use `engine`.
    """

    def __init__(self, engine: Engine, for_connection: Callable[[Connection], Engine] | None = None) -> None:
        self.engine = engine
        self._for_connection = for_connection

    def plugin_info(self) -> PluginInfo:
        return self.engine.info

    def capabilities(self) -> frozenset[Capability]:
        return self.engine.capabilities

    def probe(self) -> bool:
        return True

    def validate_spec(self, objects: Sequence[SpecObject]) -> list[Diagnostic]:
        return self.engine.desired(objects)[1]

    def check_connection(self, connection: Connection) -> ServerInfo:
        with self._session(connection) as session:
            return ServerInfo(session.server_version())

    def plan(
        self,
        connection: Connection,
        objects: Sequence[SpecObject],
        options: PlanOptions = DEFAULT_PLAN_OPTIONS,
    ) -> Plan:
        engine = self._engine(connection)
        desired, diagnostics = engine.desired(objects)
        if has_errors(diagnostics):
            return Plan((), "", tuple(diagnostics))
        if not options.seed_data:
            desired.seeds = {}
        with self._session(connection) as session:
            inspection = session.inspect(desired.refs, desired.seeds)
            try:
                steps = _steps(engine, inspection, desired)
            except SpecError as error:
                return Plan((), "", (*diagnostics, *error.diagnostics))
            counted = [_counted(session, step) for step in steps]
        return Plan(tuple(counted), _source_hash(inspection.schema, steps), tuple(diagnostics))

    def apply(
        self,
        connection: Connection,
        steps: Sequence[Step],
        expected_source_hash: str = "",
        objects: Sequence[SpecObject] = (),
    ) -> Iterator[StepResult]:
        with self._session(connection) as session, session.lock():
            if expected_source_hash:
                live = session.inspect(_refs(steps), {}).schema
                if _source_hash(live, steps) != expected_source_hash:
                    if not _already_applied(self._engine(connection), session, objects):
                        raise stale()
                    yield from (
                        StepResult(i, StepStatus.SKIPPED, "already applied") for i in range(len(steps))
                    )
                    return
                blocked = _preflight(session, steps)
                if blocked is not None:
                    yield blocked
                    return
            yield from session.execute(steps, planned=bool(expected_source_hash))

    def export_spec(self, connection: Connection, scope: ExportScope = EVERYTHING) -> list[SpecObject]:
        if Capability.EXPORT_SPEC not in self.engine.capabilities:
            raise unimplemented(f"the {self.engine.info.name} driver cannot export specs")
        with self._session(connection) as session:
            schema = session.inspect(None, {}).schema
        return self.engine.export(_scoped(schema, scope))

    def generate_fixtures(self, objects: Sequence[SpecObject]) -> list[str]:
        desired, diagnostics = self.engine.desired(objects)
        if has_errors(diagnostics):
            raise DriverError(ErrorCode.INVALID_ARGUMENT, "specs have errors", diagnostics)
        desired.seeds = {}
        return [step.sql for step in _steps(self.engine, Inspection(Schema()), desired)]

    def close(self) -> None:
        """Nothing to release: sessions are closed after each call."""

    def _engine(self, connection: Connection) -> Engine:
        return self._for_connection(connection) if self._for_connection else self.engine

    @contextlib.contextmanager
    def _session(self, connection: Connection) -> Iterator[Session]:
        session = self.engine.connect(connection)
        try:
            yield session
        finally:
            session.close()


def _steps(engine: Engine, inspection: Inspection, desired: Desired) -> list[Step]:
    changes = diff(inspection.schema, desired, engine.hooks, inspection.present_rows, inspection.database)
    return engine.render(order(changes))


def _already_applied(engine: Engine, session: Session, objects: Sequence[SpecObject]) -> bool:
    desired, diagnostics = engine.desired(objects)
    if not objects or has_errors(diagnostics):
        return False
    try:
        return not _steps(engine, session.inspect(desired.refs, desired.seeds), desired)
    except SpecError:
        return False


def _counted(session: Session, step: Step) -> Step:
    if not step.checks:
        return step
    checks = tuple(replace(c, violations=session.count(c.sql)) for c in step.checks)
    return replace(step, checks=checks)


def _preflight(session: Session, steps: Sequence[Step]) -> StepResult | None:
    """The failure of the first step whose rows break it now, counted before anything runs."""
    for index, step in enumerate(steps):
        found = [str(check) for check in _counted(session, step).checks if check.violations]
        if found:
            message = f"pre-flight check: {'; '.join(found)}; nothing was applied"
            return StepResult(index, StepStatus.FAILED, message)
    return None


def _refs(steps: Sequence[Step]) -> list[ObjectRef]:
    return list(dict.fromkeys(s.object for s in steps if s.object is not None))


def _source_hash(schema: Schema, steps: Sequence[Step]) -> str:
    return fingerprint(schema, _refs(steps))


def _scoped(schema: Schema, scope: ExportScope) -> Schema:
    def wanted(ref: ObjectRef) -> bool:
        return (not scope.schemas or ref.schema in scope.schemas) and (
            not scope.tables or ref.name in scope.tables
        )

    return Schema({ref: obj for ref, obj in schema.objects.items() if wanted(ref)})
