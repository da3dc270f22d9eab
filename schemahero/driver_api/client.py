"""DriverClient: the Driver protocol over a gRPC channel to a driver process.

Every call has a deadline. Read-only calls are retried with backoff when the status is
UNAVAILABLE, as the status-code table says; Apply never is (a retried apply is the caller's
decision, and the source hash makes it safe). Failures come back as the DriverError the
driver raised, diagnostics included; a call that hits its deadline is UNAVAILABLE.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import grpc
import tenacity
from grpc_health.v1 import health_pb2, health_pb2_grpc

from schemahero.driver_api import codec, statuses
from schemahero.driver_api._gen import driver_pb2 as pb
from schemahero.driver_api._gen import driver_pb2_grpc as pb_grpc
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.handles import DriverHandle
from schemahero.driver_api.serve import MAX_MESSAGE_BYTES
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

T = TypeVar("T")
R = TypeVar("R")

DRIVER_SERVICE = pb.DESCRIPTOR.services_by_name["Driver"].full_name
_CHANNEL_OPTIONS = (
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    # A local driver that is starting should be reached as soon as it listens.
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1000),
)


class DriverClient(DriverHandle):
    """A Driver in another process, at `target` (`unix:///path.sock` or `host:port`).

    `timeout` bounds each call, retries included; `apply_timeout` bounds a whole Apply
    stream (None: no bound). `retries` is how many times an UNAVAILABLE read-only call is
    tried again, waiting up to `backoff` seconds at first and doubling (full jitter).
    """

    def __init__(
        self,
        target: str,
        *,
        timeout: float = 30.0,
        apply_timeout: float | None = 3600.0,
        retries: int = 3,
        backoff: float = 0.2,
    ) -> None:
        self.target = target
        self.timeout = timeout
        self.apply_timeout = apply_timeout
        self.retries = retries
        self.backoff = backoff
        self._channel = grpc.insecure_channel(target, options=_CHANNEL_OPTIONS)
        self._identity = pb_grpc.IdentityStub(self._channel)
        self._driver = pb_grpc.DriverStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    # --- Identity ------------------------------------------------------------------------------

    def plugin_info(self) -> PluginInfo:
        return self._call(
            "GetPluginInfo",
            self._identity.GetPluginInfo,
            pb.GetPluginInfoRequest(),
            codec.decode_plugin_info,
        )

    def capabilities(self) -> frozenset[Capability]:
        return self._call(
            "GetPluginCapabilities",
            self._identity.GetPluginCapabilities,
            pb.GetPluginCapabilitiesRequest(),
            codec.decode_capabilities,
        )

    def probe(self) -> bool:
        return self._call("Probe", self._identity.Probe, pb.ProbeRequest(), _ready)

    # --- Driver --------------------------------------------------------------------------------

    def validate_spec(self, objects: Sequence[SpecObject]) -> list[Diagnostic]:
        request = pb.ValidateSpecRequest(objects=[codec.encode_spec_object(o) for o in objects])
        return self._call(
            "ValidateSpec",
            self._driver.ValidateSpec,
            request,
            _diagnostics,
        )

    def check_connection(self, connection: Connection) -> ServerInfo:
        request = pb.CheckConnectionRequest(connection=codec.encode_connection(connection))
        return self._call("CheckConnection", self._driver.CheckConnection, request, codec.decode_server_info)

    def plan(
        self,
        connection: Connection,
        objects: Sequence[SpecObject],
        options: PlanOptions = DEFAULT_PLAN_OPTIONS,
    ) -> Plan:
        request = pb.PlanRequest(
            connection=codec.encode_connection(connection),
            objects=[codec.encode_spec_object(o) for o in objects],
            options=codec.encode_plan_options(options),
        )
        return self._call("Plan", self._driver.Plan, request, codec.decode_plan)

    def apply(
        self,
        connection: Connection,
        steps: Sequence[Step],
        expected_source_hash: str = "",
        objects: Sequence[SpecObject] = (),
    ) -> Iterator[StepResult]:
        """Stream the results; the call starts on the first `next()`, and is never retried."""
        request = pb.ApplyRequest(
            connection=codec.encode_connection(connection),
            expected_source_hash=expected_source_hash,
            objects=[codec.encode_spec_object(o) for o in objects],
        )
        codec.add_steps(request.steps, steps)
        return self._results(request)

    def export_spec(self, connection: Connection, scope: ExportScope = EVERYTHING) -> list[SpecObject]:
        request = pb.ExportSpecRequest(
            connection=codec.encode_connection(connection),
            scope=codec.encode_export_scope(scope),
        )
        return self._call(
            "ExportSpec",
            self._driver.ExportSpec,
            request,
            _spec_objects,
        )

    def generate_fixtures(self, objects: Sequence[SpecObject]) -> list[str]:
        request = pb.GenerateFixturesRequest(objects=[codec.encode_spec_object(o) for o in objects])
        return self._call(
            "GenerateFixtures",
            self._driver.GenerateFixtures,
            request,
            _statements,
        )

    # --- For launchers and callers -------------------------------------------------------------

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the driver's health is SERVING; UNAVAILABLE when `timeout` runs out."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                response = self._health.Check(
                    health_pb2.HealthCheckRequest(service=DRIVER_SERVICE),
                    timeout=remaining,
                    wait_for_ready=True,
                )
            except grpc.RpcError as error:
                last = f"{error.code().name}: {error.details()}"
            else:
                if response.status == health_pb2.HealthCheckResponse.SERVING:
                    return
                last = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
            time.sleep(min(0.05, max(deadline - time.monotonic(), 0)))
        raise DriverError(
            ErrorCode.UNAVAILABLE,
            f"driver at {self.target} is not serving after {timeout:g}s (last: {last})",
        )

    def close(self) -> None:
        self._channel.close()

    # --- Plumbing ------------------------------------------------------------------------------

    def _call(self, name: str, method: Any, request: Any, decode: Callable[[R], T]) -> T:
        """One unary call within `timeout`, retried while UNAVAILABLE, its answer decoded."""
        deadline = time.monotonic() + self.timeout
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception(_unavailable),
            stop=(tenacity.stop_after_attempt(self.retries + 1) | tenacity.stop_before_delay(self.timeout)),
            wait=tenacity.wait_random_exponential(multiplier=self.backoff, max=5.0),
            reraise=True,
        )

        def attempt() -> R:
            response: R = method(request, timeout=max(deadline - time.monotonic(), 0.001))
            return response

        try:
            response = retrying(attempt)
        except grpc.RpcError as error:
            raise statuses.from_rpc_error(error, name) from None
        return _decoded(name, decode, response)

    def _results(self, request: pb.ApplyRequest) -> Iterator[StepResult]:
        call = self._driver.Apply(request, timeout=self.apply_timeout)
        try:
            for message in call:
                yield _decoded("Apply", codec.decode_step_result, message)
        except grpc.RpcError as error:
            raise statuses.from_rpc_error(error, "Apply") from None
        finally:
            call.cancel()


def _unavailable(error: BaseException) -> bool:
    return isinstance(error, grpc.RpcError) and error.code() == grpc.StatusCode.UNAVAILABLE


def _decoded(name: str, decode: Callable[[R], T], response: R) -> T:
    try:
        return decode(response)
    except DriverError as error:
        raise DriverError(
            ErrorCode.INTERNAL, f"{name}: the driver's answer breaks the contract: {error.message}"
        ) from None


def _ready(response: pb.ProbeResponse) -> bool:
    return response.ready


def _diagnostics(response: pb.ValidateSpecResponse) -> list[Diagnostic]:
    return [codec.decode_diagnostic(d) for d in response.diagnostics]


def _spec_objects(response: pb.ExportSpecResponse) -> list[SpecObject]:
    return [codec.decode_spec_object(o) for o in response.objects]


def _statements(response: pb.GenerateFixturesResponse) -> list[str]:
    return list(response.sql)
