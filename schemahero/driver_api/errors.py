"""Contract and transport errors, one per row of the status-code table in CONTRACT.md."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from schemahero.schema.diagnostics import Diagnostic


class ErrorCode(enum.StrEnum):
    """The gRPC status code of an error, and so what a caller must do."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    """The request is wrong (a bad URI, a malformed step): do not retry."""
    UNAVAILABLE = "UNAVAILABLE"
    """The database or the driver cannot be reached: retry with backoff."""
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    """The database changed since the plan: plan again."""
    ABORTED = "ABORTED"
    """Another apply holds the lock: retry later."""
    UNIMPLEMENTED = "UNIMPLEMENTED"
    """The driver lacks the capability: check capabilities, never retry."""
    INTERNAL = "INTERNAL"
    """A bug in the driver: report it."""


RETRYABLE = frozenset({ErrorCode.UNAVAILABLE, ErrorCode.ABORTED})


class DriverError(Exception):
    def __init__(self, code: ErrorCode, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.diagnostics = tuple(diagnostics)

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}"


def invalid(message: str) -> DriverError:
    return DriverError(ErrorCode.INVALID_ARGUMENT, message)


def unavailable(message: str) -> DriverError:
    return DriverError(ErrorCode.UNAVAILABLE, message)


def stale(
    message: str = "the database changed since this plan was made: plan again",
) -> DriverError:
    return DriverError(ErrorCode.FAILED_PRECONDITION, message)


def locked(message: str = "another apply holds the lock on this database") -> DriverError:
    return DriverError(ErrorCode.ABORTED, message)


def unimplemented(message: str) -> DriverError:
    return DriverError(ErrorCode.UNIMPLEMENTED, message)
