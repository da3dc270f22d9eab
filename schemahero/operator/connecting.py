"""What a Database's conditions say after the operator tried its driver and its connection.

Pure: the reconciler does the calls, these functions turn their outcome into DriverReady,
Connected and the kstatus summary, and say whether a retry (with backoff) may help.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from schemahero.driver_api.errors import RETRYABLE, DriverError, ErrorCode
from schemahero.operator.conditions import CONNECTED, DRIVER_READY, Health, Verdict, summary
from schemahero.operator.connections import ConnectionProblem
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import Condition
from schemahero.operator.trust import Untrusted


@dataclass(frozen=True)
class Report:
    verdict: Verdict
    driver_ready: Condition
    connected: Condition
    retry: bool

    def conditions(self, generation: int | None) -> list[Condition]:
        own = [replace(c, observed_generation=generation) for c in (self.driver_ready, self.connected)]
        return own + summary(self.verdict, generation)


def _condition(kind: str, status: bool | None, reason: str, message: str = "") -> Condition:
    text = "Unknown" if status is None else "True" if status else "False"
    return Condition(kind, text, reason, message)  # type: ignore[arg-type]


def connected(driver: str, server_version: str) -> Report:
    message = f"{driver}; server {server_version}" if server_version else driver
    return Report(
        Verdict(Health.READY, Reason.CONNECTED, message),
        _condition(DRIVER_READY, True, Reason.DRIVER_LOADED, driver),
        _condition(CONNECTED, True, Reason.CONNECTED, f"server {server_version}".strip()),
        retry=False,
    )


def invalid_connection(problem: ConnectionProblem) -> Report:
    """The spec names no single engine: nothing can be tried until it is fixed."""
    return Report(
        Verdict(Health.STALLED, problem.reason, problem.message),
        _condition(DRIVER_READY, None, problem.reason, problem.message),
        _condition(CONNECTED, None, problem.reason, problem.message),
        retry=False,
    )


def driver_failed(error: DriverError) -> Report:
    """No usable driver: missing (UNIMPLEMENTED), of another contract version, not starting, or
    not signed by the configured key."""
    retry = error.code in RETRYABLE
    reason = (
        Reason.DRIVER_UNTRUSTED
        if isinstance(error, Untrusted)
        else Reason.DRIVER_UNAVAILABLE
        if retry or error.code is ErrorCode.UNIMPLEMENTED
        else (Reason.DRIVER_INCOMPATIBLE)
    )
    health = Health.PROGRESSING if retry else Health.STALLED
    return Report(
        Verdict(health, reason, error.message),
        _condition(DRIVER_READY, False, reason, error.message),
        _condition(CONNECTED, None, reason, "no driver to connect with"),
        retry=retry,
    )


def unresolved(driver: str, problem: ConnectionProblem) -> Report:
    """The driver is there, but a value of the connection could not be read."""
    health = Health.PROGRESSING if problem.retry else Health.STALLED
    return Report(
        Verdict(health, problem.reason, problem.message),
        _condition(DRIVER_READY, True, Reason.DRIVER_LOADED, driver),
        _condition(CONNECTED, False, problem.reason, problem.message),
        retry=problem.retry,
    )


def unreachable(driver: str, error: DriverError) -> Report:
    """CheckConnection failed: down (retry with backoff) or refused as written (fix the spec)."""
    retry = error.code in RETRYABLE
    reason = Reason.CONNECTION_FAILED if retry else Reason.INVALID_CONNECTION
    health = Health.PROGRESSING if retry else Health.STALLED
    return Report(
        Verdict(health, reason, error.message),
        _condition(DRIVER_READY, True, Reason.DRIVER_LOADED, driver),
        _condition(CONNECTED, False, reason, error.message),
        retry=retry,
    )
