"""A Database's conditions after its driver and connection were tried."""

from __future__ import annotations

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.operator import connecting
from schemahero.operator.conditions import Health
from schemahero.operator.connections import ConnectionProblem
from schemahero.operator.reasons import Reason

DRIVER = "schemahero-driver-sqlite 0.1.0 (in-tree)"


def _by_type(report: connecting.Report) -> dict[str, tuple[str, str]]:
    return {c.type: (c.status, c.reason) for c in report.conditions(7)}


def test_connected_is_ready() -> None:
    report = connecting.connected(DRIVER, "3.40.1")
    assert _by_type(report) == {
        "DriverReady": ("True", Reason.DRIVER_LOADED),
        "Connected": ("True", Reason.CONNECTED),
        "Ready": ("True", Reason.CONNECTED),
        "Reconciling": ("False", ""),
        "Stalled": ("False", ""),
    }
    assert not report.retry
    assert all(c.observed_generation == 7 for c in report.conditions(7))


def test_a_database_that_is_down_is_retried() -> None:
    report = connecting.unreachable(DRIVER, DriverError(ErrorCode.UNAVAILABLE, "connection refused"))
    assert report.retry and report.verdict.health is Health.PROGRESSING
    assert _by_type(report)["Connected"] == ("False", Reason.CONNECTION_FAILED)
    assert _by_type(report)["DriverReady"] == ("True", Reason.DRIVER_LOADED)


def test_a_connection_refused_as_written_waits_for_a_fix() -> None:
    report = connecting.unreachable(DRIVER, DriverError(ErrorCode.INVALID_ARGUMENT, "bad uri"))
    assert not report.retry and report.verdict.health is Health.STALLED
    assert _by_type(report)["Connected"] == ("False", Reason.INVALID_CONNECTION)


def test_a_missing_driver_is_said_and_not_retried() -> None:
    report = connecting.driver_failed(DriverError(ErrorCode.UNIMPLEMENTED, "no driver for engine 'oracle'"))
    assert not report.retry
    assert _by_type(report)["DriverReady"] == ("False", Reason.DRIVER_UNAVAILABLE)
    assert _by_type(report)["Connected"][0] == "Unknown"
    older = connecting.driver_failed(DriverError(ErrorCode.FAILED_PRECONDITION, "speaks v0"))
    assert _by_type(older)["DriverReady"] == ("False", Reason.DRIVER_INCOMPATIBLE)


def test_a_secret_yet_to_come_is_retried() -> None:
    report = connecting.unresolved(
        DRIVER, ConnectionProblem(Reason.SECRET_NOT_FOUND, "no Secret", retry=True)
    )
    assert report.retry and _by_type(report)["Connected"] == ("False", Reason.SECRET_NOT_FOUND)
    vault = connecting.unresolved(
        DRIVER, ConnectionProblem(Reason.VAULT_NOT_CONFIGURED, "no endpoint", retry=False)
    )
    assert not vault.retry and vault.verdict.health is Health.STALLED
