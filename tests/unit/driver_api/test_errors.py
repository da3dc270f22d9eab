"""Errors reach the caller the same way over gRPC and in-process, and never carry a secret."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import grpc
import pytest

from schemahero.driver_api import (
    Capability,
    Connection,
    DriverClient,
    DriverError,
    DriverServer,
    EngineDriver,
    ErrorCode,
    Plan,
    PluginInfo,
    Step,
    StepKind,
    StepResult,
    StepStatus,
)
from schemahero.driver_api.statuses import from_rpc_error
from schemahero.schema.diagnostics import Diagnostic, Severity
from schemahero.schema.documents import SpecObject
from tests.unit.driver_api.conftest import Caller, users_spec

DIAGNOSTICS = (
    Diagnostic("null-values", "column email holds NULLs", "spec.schema.sqlite.columns[1]", source="u.yaml"),
    Diagnostic("slow", "rewrites the table", severity=Severity.WARNING),
)
SECRET_URI = "memory://crash-db?password=hunter2"
SECRET_CONNECTION = Connection(SECRET_URI, {"token": "s3cr3t-token"})


class Failing(EngineDriver):
    """The memory driver, failing every database call with `error` (after `results` for Apply)."""

    def __init__(self, driver: EngineDriver, error: Exception, results: int = 0) -> None:
        super().__init__(driver.engine)
        self.error = error
        self.results = results
        self.calls = 0

    def check_connection(self, connection: Connection) -> Any:
        self.calls += 1
        raise self.error

    def plan(self, connection: Connection, objects: Sequence[SpecObject], options: Any = None) -> Plan:
        self.calls += 1
        raise self.error

    def apply(
        self,
        connection: Connection,
        steps: Sequence[Step],
        expected_source_hash: str = "",
        objects: Sequence[SpecObject] = (),
    ) -> Iterator[StepResult]:
        self.calls += 1
        yield from (StepResult(i, StepStatus.APPLIED) for i in range(self.results))
        raise self.error


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_arrives_with_its_message_and_diagnostics(
    call_through: Caller, driver: EngineDriver, connection: Connection, code: ErrorCode
) -> None:
    caller = call_through(Failing(driver, DriverError(code, f"{code.value} happened", DIAGNOSTICS)))
    with pytest.raises(DriverError) as caught:
        caller.check_connection(connection)
    assert (caught.value.code, caught.value.message) == (code, f"{code.value} happened")
    assert caught.value.diagnostics == DIAGNOSTICS


def test_an_error_ends_the_apply_stream_after_the_results_before_it(
    call_through: Caller, driver: EngineDriver, connection: Connection
) -> None:
    caller = call_through(Failing(driver, DriverError(ErrorCode.ABORTED, "locked"), results=2))
    stream = caller.apply(connection, [Step("X", StepKind.RAW)] * 3)
    assert [next(stream).index, next(stream).index] == [0, 1]
    with pytest.raises(DriverError) as caught:
        next(stream)
    assert caught.value.code is ErrorCode.ABORTED


def test_an_unexpected_exception_is_internal_and_leaks_no_secret(
    call_through: Caller, driver: EngineDriver, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(DriverError) as caught:
        call_through(driver).plan(SECRET_CONNECTION, [users_spec()])
    assert caught.value.code is ErrorCode.INTERNAL
    assert caught.value.message == "RuntimeError: cannot open <redacted>"
    assert "Traceback" in caplog.text and "RuntimeError: cannot open <redacted>" in caplog.text
    for secret in (SECRET_URI, "hunter2", "s3cr3t-token"):
        assert secret not in caplog.text
        assert secret not in str(caught.value)


def test_a_driver_error_quoting_a_secret_is_redacted(call_through: Caller, driver: EngineDriver) -> None:
    leaky = DriverError(ErrorCode.INVALID_ARGUMENT, "bad password hunter2 for token s3cr3t-token")
    with pytest.raises(DriverError) as caught:
        call_through(Failing(driver, leaky)).check_connection(SECRET_CONNECTION)
    assert caught.value.message == "bad password <redacted> for token <redacted>"


def test_a_deadline_is_unavailable(driver: EngineDriver) -> None:
    slow = Connection("memory://app", {"sleep": "1.0"})
    with DriverServer(driver, "127.0.0.1:0") as server, DriverClient(server.target, timeout=0.2) as client:
        started = time.monotonic()
        with pytest.raises(DriverError) as caught:
            client.check_connection(slow)
    assert time.monotonic() - started < 0.9
    assert caught.value.code is ErrorCode.UNAVAILABLE
    assert caught.value.message.startswith("CheckConnection: no answer before the deadline")


def test_unavailable_read_only_calls_are_retried(driver: EngineDriver, connection: Connection) -> None:
    failing = Failing(driver, DriverError(ErrorCode.UNAVAILABLE, "the database is down"))
    with DriverServer(failing, "127.0.0.1:0") as server:
        with DriverClient(server.target, retries=2, backoff=0.01) as client, pytest.raises(DriverError):
            client.plan(connection, [users_spec()])
        assert failing.calls == 3


def test_apply_is_never_retried(driver: EngineDriver, connection: Connection) -> None:
    failing = Failing(driver, DriverError(ErrorCode.UNAVAILABLE, "the database is down"))
    with DriverServer(failing, "127.0.0.1:0") as server:
        with DriverClient(server.target, retries=5, backoff=0.01) as client, pytest.raises(DriverError):
            list(client.apply(connection, [Step("X", StepKind.RAW)], "hash"))
        assert failing.calls == 1


def test_other_errors_are_not_retried(driver: EngineDriver, connection: Connection) -> None:
    failing = Failing(driver, DriverError(ErrorCode.FAILED_PRECONDITION, "changed"))
    with DriverServer(failing, "127.0.0.1:0") as server:
        with DriverClient(server.target, retries=5, backoff=0.01) as client, pytest.raises(DriverError):
            client.plan(connection, [users_spec()])
        assert failing.calls == 1


def test_a_missing_server_is_unavailable_after_the_retries(tmp_path: Path) -> None:
    client = DriverClient(f"unix://{tmp_path}/absent.sock", retries=1, backoff=0.01)
    with client, pytest.raises(DriverError) as caught:
        client.probe()
    assert caught.value.code is ErrorCode.UNAVAILABLE


class _Status(grpc.RpcError):  # type: ignore[misc]
    """A failed call as grpc raises it (an RpcError that is also a Call)."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        self._code, self._details = code, details

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> tuple[()]:
        return ()


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (grpc.StatusCode.DEADLINE_EXCEEDED, ErrorCode.UNAVAILABLE, "Plan: no answer before the deadline"),
        (grpc.StatusCode.CANCELLED, ErrorCode.UNAVAILABLE, "Plan: the call was cancelled"),
        (grpc.StatusCode.NOT_FOUND, ErrorCode.INTERNAL, "Plan: the driver answered NOT_FOUND: d"),
        (grpc.StatusCode.UNKNOWN, ErrorCode.INTERNAL, "Plan: the driver answered UNKNOWN: d"),
    ],
)
def test_statuses_outside_the_table(status: grpc.StatusCode, code: ErrorCode, message: str) -> None:
    error = from_rpc_error(_Status(status, "d"), "Plan")
    assert error.code is code
    assert error.message.startswith(message)


def test_negotiate_accepts_what_the_driver_offers(call_through: Caller, driver: EngineDriver) -> None:
    info = call_through(driver).negotiate([Capability.SEED_DATA, Capability.TRANSACTIONAL_DDL])
    assert info.name == "memory"


def test_negotiate_refuses_a_missing_capability(call_through: Caller, driver: EngineDriver) -> None:
    with pytest.raises(DriverError) as caught:
        call_through(driver).negotiate([Capability.VIEWS, Capability.SEED_DATA])
    assert caught.value.code is ErrorCode.UNIMPLEMENTED
    assert caught.value.message == (
        "driver memory 0.0.1 (engines: sqlite) offers capabilities EXPORT_SPEC, FIXTURES, SEED_DATA, "
        "TRANSACTIONAL_DDL; needed SEED_DATA, VIEWS, missing VIEWS"
    )


def test_negotiate_refuses_another_contract_version(call_through: Caller, driver: EngineDriver) -> None:
    class Future(EngineDriver):
        def plugin_info(self) -> PluginInfo:
            return PluginInfo("memory", "9.0", ("sqlite",), api_versions=("v2",))

    with pytest.raises(DriverError) as caught:
        call_through(Future(driver.engine)).negotiate()
    assert caught.value.code is ErrorCode.FAILED_PRECONDITION
    assert caught.value.message == (
        "driver memory 9.0 (engines: sqlite) speaks contract versions v2; this caller needs v1"
    )
