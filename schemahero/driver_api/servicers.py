"""The gRPC services of the contract, answered by any Driver.

Each call decodes its request, calls the driver inside `guarded` (so that nothing but a
DriverError, free of secrets, leaves it) and encodes the answer; a DriverError becomes the
status of its code, its diagnostics going in the trailer. Requests are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from google.protobuf.message import Message

from schemahero.driver_api import codec, statuses
from schemahero.driver_api._gen import driver_pb2 as pb
from schemahero.driver_api._gen import driver_pb2_grpc as pb_grpc
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError
from schemahero.driver_api.faults import guarded
from schemahero.driver_api.types import Connection

log = logging.getLogger("schemahero.driver_api")

M = TypeVar("M", bound=Message)


def _answer(
    context: Any, call: str, connection: Connection | None, run: Callable[[], M], empty: type[M]
) -> M:
    try:
        with guarded(call, connection):
            return run()
    except DriverError as error:
        _fail(context, call, error)
        return empty()


def _fail(context: Any, call: str, error: DriverError) -> None:
    """End the call with the error's status (the caller returns an empty message, not sent)."""
    log.info("%s: %s", call, error)
    context.set_trailing_metadata(statuses.trailers(error))
    context.set_code(statuses.status_of(error.code))
    context.set_details(error.message)


class IdentityServicer(pb_grpc.IdentityServicer):
    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def GetPluginInfo(self, request: pb.GetPluginInfoRequest, context: Any) -> pb.GetPluginInfoResponse:
        def run() -> pb.GetPluginInfoResponse:
            return codec.encode_plugin_info(self.driver.plugin_info())

        return _answer(context, "GetPluginInfo", None, run, pb.GetPluginInfoResponse)

    def GetPluginCapabilities(
        self, request: pb.GetPluginCapabilitiesRequest, context: Any
    ) -> pb.GetPluginCapabilitiesResponse:
        def run() -> pb.GetPluginCapabilitiesResponse:
            return codec.encode_capabilities(self.driver.capabilities())

        return _answer(context, "GetPluginCapabilities", None, run, pb.GetPluginCapabilitiesResponse)

    def Probe(self, request: pb.ProbeRequest, context: Any) -> pb.ProbeResponse:
        def run() -> pb.ProbeResponse:
            return pb.ProbeResponse(ready=self.driver.probe())

        return _answer(context, "Probe", None, run, pb.ProbeResponse)


class DriverServicer(pb_grpc.DriverServicer):
    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def ValidateSpec(self, request: pb.ValidateSpecRequest, context: Any) -> pb.ValidateSpecResponse:
        def run() -> pb.ValidateSpecResponse:
            objects = [codec.decode_spec_object(o) for o in request.objects]
            diagnostics = self.driver.validate_spec(objects)
            return pb.ValidateSpecResponse(diagnostics=[codec.encode_diagnostic(d) for d in diagnostics])

        return _answer(context, "ValidateSpec", None, run, pb.ValidateSpecResponse)

    def CheckConnection(self, request: pb.CheckConnectionRequest, context: Any) -> pb.CheckConnectionResponse:
        connection = codec.decode_connection(request.connection)

        def run() -> pb.CheckConnectionResponse:
            return codec.encode_server_info(self.driver.check_connection(connection))

        return _answer(context, "CheckConnection", connection, run, pb.CheckConnectionResponse)

    def Plan(self, request: pb.PlanRequest, context: Any) -> pb.PlanResponse:
        connection = codec.decode_connection(request.connection)

        def run() -> pb.PlanResponse:
            objects = [codec.decode_spec_object(o) for o in request.objects]
            options = codec.decode_plan_options(request.options)
            return codec.encode_plan(self.driver.plan(connection, objects, options))

        return _answer(context, "Plan", connection, run, pb.PlanResponse)

    def Apply(self, request: pb.ApplyRequest, context: Any) -> Iterator[pb.StepResult]:
        connection = codec.decode_connection(request.connection)
        try:
            with guarded("Apply", connection):
                steps = [codec.decode_step(s) for s in request.steps]
                objects = [codec.decode_spec_object(o) for o in request.objects]
                results = self.driver.apply(connection, steps, request.expected_source_hash, objects)
                for result in results:
                    yield codec.encode_step_result(result)
        except DriverError as error:
            _fail(context, "Apply", error)

    def ExportSpec(self, request: pb.ExportSpecRequest, context: Any) -> pb.ExportSpecResponse:
        connection = codec.decode_connection(request.connection)

        def run() -> pb.ExportSpecResponse:
            scope = codec.decode_export_scope(request.scope)
            objects = self.driver.export_spec(connection, scope)
            return pb.ExportSpecResponse(objects=[codec.encode_spec_object(o) for o in objects])

        return _answer(context, "ExportSpec", connection, run, pb.ExportSpecResponse)

    def GenerateFixtures(
        self, request: pb.GenerateFixturesRequest, context: Any
    ) -> pb.GenerateFixturesResponse:
        def run() -> pb.GenerateFixturesResponse:
            objects = [codec.decode_spec_object(o) for o in request.objects]
            return pb.GenerateFixturesResponse(sql=self.driver.generate_fixtures(objects))

        return _answer(context, "GenerateFixtures", None, run, pb.GenerateFixturesResponse)
