"""What a driver author implements: an Engine (offline work) and its Sessions (one database).

`EngineDriver` turns an Engine into the full Driver contract: the orchestration of plan and
apply, the stale-plan check and the fingerprint live there once for every engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from schemahero.diffing import DatabaseAttrs, Hooks
from schemahero.driver_api.types import Capability, Connection, PluginInfo, Step, StepResult
from schemahero.schema.changes import Change
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Desired, ObjectRef, Schema, SeedRow


@dataclass
class Inspection:
    """What a session read: the schema, which desired seed rows are already present, and the
    database's own attributes when its engine has some that the connection may ask to change
    (MySQL's default character set and collation; see diffing/database.py)."""

    schema: Schema
    present_rows: dict[ObjectRef, frozenset[int]] = field(default_factory=dict)
    database: DatabaseAttrs | None = None


class Session(Protocol):
    """An open connection to one database. Closing it releases everything it holds."""

    def server_version(self) -> str: ...

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        """At least the objects in `refs` (all when None), in a fixed number of queries."""
        ...

    def lock(self) -> AbstractContextManager[None]:
        """Hold the database's apply lock; raise DriverError(ABORTED) if another holds it."""
        ...

    def count(self, sql: str) -> int:
        """The integer a pre-flight check's query returns (see DataCheck)."""
        ...

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        """Run `steps` in order, reporting each. `planned` is False for raw `apply --ddl`."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    """One engine's offline knowledge: specs to model, changes to statements, model to specs."""

    info: PluginInfo
    capabilities: frozenset[Capability]
    hooks: Hooks

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        """The model the specs ask for, and every problem found in them."""
        ...

    def connect(self, connection: Connection) -> Session:
        """Open a session; DriverError(INVALID_ARGUMENT) for a bad URI, UNAVAILABLE if down."""
        ...

    def render(self, changes: Sequence[Change]) -> list[Step]:
        """The statements of `changes` (already ordered), each with its hazards."""
        ...

    def export(self, schema: Schema) -> list[SpecObject]:
        """Specs that describe `schema`, one object each (the `database` field left empty)."""
        ...
