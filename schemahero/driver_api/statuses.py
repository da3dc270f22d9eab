"""The status-code table of CONTRACT.md on the wire: DriverError to gRPC status and back.

A DriverError travels as its code's gRPC status with its message as the details; its
diagnostics, when it has any, as a serialized ErrorDetails in the `schemahero-diagnostics-bin`
trailer. Statuses outside the table come from the transport, and are mapped by what a caller
must do about them.
"""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.message import DecodeError

from schemahero.driver_api import codec
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.schema.diagnostics import Diagnostic, Severity

DIAGNOSTICS_KEY = "schemahero-diagnostics-bin"

_TO_STATUS: dict[ErrorCode, Any] = {code: grpc.StatusCode[code.value] for code in ErrorCode}
_FROM_STATUS: dict[Any, ErrorCode] = {status: code for code, status in _TO_STATUS.items()}

_TRANSPORT: dict[Any, tuple[ErrorCode, str]] = {
    grpc.StatusCode.DEADLINE_EXCEEDED: (ErrorCode.UNAVAILABLE, "no answer before the deadline"),
    grpc.StatusCode.CANCELLED: (ErrorCode.UNAVAILABLE, "the call was cancelled"),
}
"""Transport statuses that mean "the driver could not answer in time": retry with backoff."""


def status_of(code: ErrorCode) -> Any:
    """The grpc.StatusCode of `code`."""
    return _TO_STATUS[code]


def trailers(error: DriverError) -> tuple[tuple[str, bytes], ...]:
    if not error.diagnostics:
        return ()
    return ((DIAGNOSTICS_KEY, codec.encode_error_details(error.diagnostics)),)


def from_rpc_error(error: grpc.RpcError, call: str) -> DriverError:
    """The DriverError that a failed call stands for (the error is also a grpc.Call)."""
    status = error.code()
    details = error.details() or ""
    if status in _FROM_STATUS:
        return DriverError(_FROM_STATUS[status], details, _diagnostics(error))
    if status in _TRANSPORT:
        code, meaning = _TRANSPORT[status]
        return DriverError(code, f"{call}: {meaning} ({status.name}: {details})")
    return DriverError(ErrorCode.INTERNAL, f"{call}: the driver answered {status.name}: {details}")


def _diagnostics(error: grpc.RpcError) -> tuple[Diagnostic, ...]:
    for key, value in error.trailing_metadata() or ():
        if key == DIAGNOSTICS_KEY:
            try:
                return codec.decode_error_details(value)
            except (DriverError, DecodeError) as problem:
                unreadable = f"the driver sent diagnostics that cannot be read: {problem}"
                return (Diagnostic("unreadable-diagnostics", unreadable, severity=Severity.WARNING),)
    return ()
