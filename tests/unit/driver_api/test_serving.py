"""A memory driver served over a unix socket and over loopback TCP, called through DriverClient."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from schemahero.driver_api import (
    API_VERSION,
    Connection,
    DriverClient,
    DriverError,
    DriverServer,
    EngineDriver,
    ErrorCode,
    ExportScope,
    PlanOptions,
    StepKind,
    StepStatus,
)
from schemahero.driver_api.serve import parse_endpoint
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject
from tests.unit.driver_api.conftest import users_spec
from tests.unit.driver_api.fake_driver import CAPABILITIES, SPEC_SCHEMA


def test_identity(client: DriverClient) -> None:
    info = client.plugin_info()
    assert (info.name, info.engines, info.api_versions) == ("memory", ("sqlite",), (API_VERSION,))
    assert info.spec_schemas == {"sqlite": SPEC_SCHEMA}
    assert client.capabilities() == CAPABILITIES
    assert client.probe() is True


def test_validate_spec_reports_located_diagnostics(client: DriverClient) -> None:
    block = {"primaryKey": ["nope"], "columns": [{"name": "id", "type": "integer"}]}
    broken = SpecObject("Table", "t", {"name": "t", "schema": {"sqlite": block}}, "t.yaml")
    [diagnostic] = client.validate_spec([broken])
    assert (diagnostic.code, diagnostic.severity) == ("unknown-column", Severity.ERROR)
    assert diagnostic.source == "t.yaml"
    assert diagnostic.path == "spec.schema.sqlite.primaryKey[0]"
    assert client.validate_spec([users_spec(("name", "text"))]) == []


def test_check_connection(client: DriverClient, connection: Connection) -> None:
    assert client.check_connection(connection).server_version == "memory 1.0"


def test_plan_apply_plan_again_is_empty(client: DriverClient, connection: Connection) -> None:
    specs = [users_spec(("name", "text"))]
    plan = client.plan(connection, specs)
    assert [s.kind for s in plan.steps] == [StepKind.CREATE_TABLE, StepKind.UPSERT_ROWS]
    assert plan.source_hash and plan.ok
    results = list(client.apply(connection, plan.steps, plan.source_hash, specs))
    assert [(r.index, r.status) for r in results] == [(0, StepStatus.APPLIED), (1, StepStatus.APPLIED)]
    assert client.plan(connection, specs).steps == ()


def test_plan_without_seed_data(client: DriverClient, connection: Connection) -> None:
    plan = client.plan(connection, [users_spec(("name", "text"))], PlanOptions(seed_data=False))
    assert [s.kind for s in plan.steps] == [StepKind.CREATE_TABLE]


def test_an_applied_plan_is_skipped_and_a_stale_one_refused(
    client: DriverClient, connection: Connection
) -> None:
    first = [users_spec(("name", "text"))]
    plan = client.plan(connection, first)
    list(client.apply(connection, plan.steps, plan.source_hash, first))
    again = list(client.apply(connection, plan.steps, plan.source_hash, first))
    assert {r.status for r in again} == {StepStatus.SKIPPED}
    with pytest.raises(DriverError) as caught:
        list(client.apply(connection, plan.steps, plan.source_hash, [users_spec(("email", "text"))]))
    assert caught.value.code is ErrorCode.FAILED_PRECONDITION


def test_a_failing_step_rolls_back_the_ones_before(client: DriverClient, connection: Connection) -> None:
    plan = client.plan(connection, [users_spec(("name", "text"))])
    broken = (*plan.steps, plan.steps[0].__class__("NOT A STATEMENT", StepKind.RAW))
    results = list(client.apply(connection, broken, plan.source_hash))
    assert [(r.index, r.status) for r in results] == [
        (0, StepStatus.APPLIED),
        (1, StepStatus.APPLIED),
        (2, StepStatus.FAILED),
        (0, StepStatus.ROLLED_BACK),
        (1, StepStatus.ROLLED_BACK),
    ]
    assert "unknown statement" in results[2].message
    assert len(client.plan(connection, [users_spec(("name", "text"))]).steps) == 2


def test_export_spec_and_fixtures(client: DriverClient, connection: Connection) -> None:
    specs = [users_spec(("name", "text"))]
    plan = client.plan(connection, specs)
    list(client.apply(connection, plan.steps, plan.source_hash))
    [exported] = client.export_spec(connection, ExportScope(tables=("users",)))
    assert exported.spec["schema"]["sqlite"]["columns"][1] == {"name": "name", "type": "text"}
    assert client.export_spec(connection, ExportScope(tables=("orders",))) == []
    [create] = client.generate_fixtures(specs)
    assert create.startswith("-- CreateTable table users")


@pytest.mark.parametrize("service", ["", "schemahero.driver.v1.Identity", "schemahero.driver.v1.Driver"])
def test_health_is_serving(server: DriverServer, service: str) -> None:
    with grpc.insecure_channel(server.target) as channel:
        request = health_pb2.HealthCheckRequest(service=service)
        response = health_pb2_grpc.HealthStub(channel).Check(request, timeout=5)
    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_wait_ready(client: DriverClient) -> None:
    client.wait_ready(5.0)


def test_wait_ready_gives_up_on_a_missing_driver(tmp_path: Path) -> None:
    with DriverClient(f"unix://{tmp_path}/absent.sock") as client, pytest.raises(DriverError) as caught:
        client.wait_ready(0.3)
    assert caught.value.code is ErrorCode.UNAVAILABLE
    assert "absent.sock is not serving after 0.3s" in caught.value.message


def test_the_socket_is_private_and_removed_on_stop(driver: EngineDriver, socket_path: Path) -> None:
    server = DriverServer(driver, f"unix://{socket_path}")
    server.start()
    assert stat.S_IMODE(socket_path.stat().st_mode) == 0o600
    server.stop(grace=0)
    assert not socket_path.exists()


def test_a_stale_socket_file_is_replaced(driver: EngineDriver, socket_path: Path) -> None:
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(socket_path))
    dead.close()
    with DriverServer(driver, f"unix://{socket_path}") as server, DriverClient(server.target) as client:
        assert client.probe()


def test_a_socket_in_use_is_refused(driver: EngineDriver, socket_path: Path) -> None:
    with DriverServer(driver, f"unix://{socket_path}") as server:
        with pytest.raises(OSError, match="another process is serving"):
            DriverServer(driver, server.target).start()
        assert socket_path.exists()


@pytest.mark.parametrize(
    ("endpoint", "address"),
    [
        ("unix:///run/d.sock", "unix:///run/d.sock"),
        ("unix:/run/d.sock", "unix:///run/d.sock"),
        ("127.0.0.1:50051", "127.0.0.1:50051"),
        ("localhost:0", "localhost:0"),
        ("[::1]:7", "[::1]:7"),
    ],
)
def test_endpoints(endpoint: str, address: str) -> None:
    assert parse_endpoint(endpoint).address == address


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("0.0.0.0:50051", "loopback only"),
        ("10.0.0.7:50051", "loopback only"),
        (":50051", "an empty host is not allowed"),
        ("unix://relative.sock", "absolute path"),
        ("localhost:http", "expected unix:///ABS/PATH.sock or 127.0.0.1:PORT"),
        ("unix:///" + "x" * 120, "at most 107 bytes"),
    ],
)
def test_other_endpoints_are_refused(endpoint: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_endpoint(endpoint)
