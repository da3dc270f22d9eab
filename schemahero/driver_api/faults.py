"""Failures as callers see them, the same in this process and over gRPC, with no secret in them.

A DriverError passes with the connection's secrets redacted from its message; any other
exception is a bug in the driver and becomes DriverError(INTERNAL) naming only the exception's
type and message. The traceback goes to the log, redacted the same way.
"""

from __future__ import annotations

import contextlib
import logging
import re
import traceback
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Connection

log = logging.getLogger("schemahero.driver_api")

REDACTED = "<redacted>"


@contextlib.contextmanager
def guarded(call: str, connection: Connection | None = None) -> Iterator[None]:
    """Let only DriverErrors out of the block: redacted, or INTERNAL for anything unexpected."""
    try:
        yield
    except DriverError as error:
        clean = redacted(error, connection)
        if clean is error:
            raise
        raise clean from None
    except Exception as error:
        raise internal(error, call, connection) from None


def internal(error: Exception, call: str, connection: Connection | None = None) -> DriverError:
    """The INTERNAL error for an unexpected exception; its traceback is logged, redacted."""
    trace = "".join(traceback.format_exception(error))
    log.error("%s failed unexpectedly:\n%s", call, redact(trace, connection).rstrip())
    return DriverError(ErrorCode.INTERNAL, redact(f"{type(error).__name__}: {error}", connection))


def redacted(error: DriverError, connection: Connection | None) -> DriverError:
    """`error`, or a copy whose message no longer holds a secret of `connection`."""
    message = redact(error.message, connection)
    if message == error.message:
        return error
    return DriverError(error.code, message, error.diagnostics)


def redact(text: str, connection: Connection | None) -> str:
    """`text` without the URI, the URI's password, nor a parameter named like a secret."""
    for secret in _secrets(connection):
        text = text.replace(secret, REDACTED)
    return text


def _secrets(connection: Connection | None) -> list[str]:
    if connection is None:
        return []
    named = [value for key, value in connection.params.items() if _SECRET_NAMES.search(key)]
    found = {connection.uri, *named, *_uri_passwords(connection.uri)}
    found |= {unquote(secret) for secret in found}
    found.discard("")
    return sorted(found, key=len, reverse=True)


def _uri_passwords(uri: str) -> list[str]:
    """The password of the URI's user, and the values of query parameters named like secrets."""
    try:
        parts = urlsplit(uri)
        password = parts.password
    except ValueError:
        return []
    query = parse_qsl(parts.query, keep_blank_values=True)
    return [password or ""] + [value for key, value in query if _SECRET_NAMES.search(key)]


_SECRET_NAMES = re.compile(r"pass|pwd|secret|token|key|auth|credential", re.IGNORECASE)
