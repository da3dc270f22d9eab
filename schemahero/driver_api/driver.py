"""The Driver protocol: the contract's calls as Python methods.

DriverClient (over gRPC) and InProcessDriver (in this process) both implement it, so that
callers never know which one they hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

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
)
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject


class Driver(Protocol):
    def plugin_info(self) -> PluginInfo: ...

    def capabilities(self) -> frozenset[Capability]: ...

    def probe(self) -> bool: ...

    def validate_spec(self, objects: Sequence[SpecObject]) -> list[Diagnostic]: ...

    def check_connection(self, connection: Connection) -> ServerInfo: ...

    def plan(
        self,
        connection: Connection,
        objects: Sequence[SpecObject],
        options: PlanOptions = DEFAULT_PLAN_OPTIONS,
    ) -> Plan: ...

    def apply(
        self,
        connection: Connection,
        steps: Sequence[Step],
        expected_source_hash: str = "",
        objects: Sequence[SpecObject] = (),
    ) -> Iterator[StepResult]:
        """Run `steps`; refuse (FAILED_PRECONDITION) if the database no longer matches the hash.

        With the desired `objects`, a plan that was already applied is reported SKIPPED.
        """
        ...

    def export_spec(self, connection: Connection, scope: ExportScope = EVERYTHING) -> list[SpecObject]: ...

    def generate_fixtures(self, objects: Sequence[SpecObject]) -> list[str]: ...

    def close(self) -> None: ...
