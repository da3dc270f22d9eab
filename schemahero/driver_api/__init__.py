"""The driver contract (schemahero.driver.v1): types, the Driver and Engine protocols, errors.

Driver authors implement `Engine` and `Session` (see engine.py) and call `serve`; callers hold
a `Driver`, in this process or over gRPC, and never know which.
"""

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.engine import Engine, Inspection, Session
from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.inprocess import InProcessDriver
from schemahero.driver_api.negotiation import negotiate
from schemahero.driver_api.serve import DriverServer, serve
from schemahero.driver_api.types import (
    API_VERSION,
    Capability,
    Connection,
    ExportScope,
    Plan,
    PlanOptions,
    PluginInfo,
    ServerInfo,
    Step,
    StepKind,
    StepResult,
    StepStatus,
)

__all__ = [
    "API_VERSION",
    "Capability",
    "Connection",
    "Driver",
    "DriverClient",
    "DriverError",
    "DriverServer",
    "Engine",
    "EngineDriver",
    "ErrorCode",
    "ExportScope",
    "InProcessDriver",
    "Inspection",
    "Plan",
    "PlanOptions",
    "PluginInfo",
    "ServerInfo",
    "Session",
    "Step",
    "StepKind",
    "StepResult",
    "StepStatus",
    "negotiate",
    "serve",
]
