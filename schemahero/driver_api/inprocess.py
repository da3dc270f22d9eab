"""InProcessDriver: a Driver called in this process, failing the way DriverClient does.

Values pass as they are (no encoding), but errors are shaped as a server would send them: a
DriverError with the connection's secrets redacted, and INTERNAL naming only the type and
message of any other exception, whose traceback goes to the log.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.faults import guarded
from schemahero.driver_api.handles import DriverHandle
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


class InProcessDriver(DriverHandle):
    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def plugin_info(self) -> PluginInfo:
        with guarded("GetPluginInfo"):
            return self.driver.plugin_info()

    def capabilities(self) -> frozenset[Capability]:
        with guarded("GetPluginCapabilities"):
            return self.driver.capabilities()

    def probe(self) -> bool:
        with guarded("Probe"):
            return self.driver.probe()

    def validate_spec(self, objects: Sequence[SpecObject]) -> list[Diagnostic]:
        with guarded("ValidateSpec"):
            return self.driver.validate_spec(objects)

    def check_connection(self, connection: Connection) -> ServerInfo:
        with guarded("CheckConnection", connection):
            return self.driver.check_connection(connection)

    def plan(
        self,
        connection: Connection,
        objects: Sequence[SpecObject],
        options: PlanOptions = DEFAULT_PLAN_OPTIONS,
    ) -> Plan:
        with guarded("Plan", connection):
            return self.driver.plan(connection, objects, options)

    def apply(
        self,
        connection: Connection,
        steps: Sequence[Step],
        expected_source_hash: str = "",
        objects: Sequence[SpecObject] = (),
    ) -> Iterator[StepResult]:
        """Stream the results; like DriverClient's, the call starts on the first `next()`."""
        with guarded("Apply", connection):
            yield from self.driver.apply(connection, steps, expected_source_hash, objects)

    def export_spec(self, connection: Connection, scope: ExportScope = EVERYTHING) -> list[SpecObject]:
        with guarded("ExportSpec", connection):
            return self.driver.export_spec(connection, scope)

    def generate_fixtures(self, objects: Sequence[SpecObject]) -> list[str]:
        with guarded("GenerateFixtures"):
            return self.driver.generate_fixtures(objects)

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the driver's probe says ready; UNAVAILABLE when `timeout` runs out."""
        deadline = time.monotonic() + timeout
        while not self.probe():
            if time.monotonic() >= deadline:
                raise DriverError(ErrorCode.UNAVAILABLE, f"driver is not ready after {timeout:g}s")
            time.sleep(0.05)

    def close(self) -> None:
        with guarded("close"):
            self.driver.close()
