"""Where the rqlite node is and how to talk to it: a URI, or upstream's host/port parameters.

`http://user:password@host:port` or `https://...`, with optional query parameters:
`disableTLS` (https without checking the server's certificate), `level` (read consistency:
none, weak, linearizable or strong; weak by default), `timeout` (seconds per request) and
`disableClusterDiscovery` (accepted for URIs written for upstream's Go client; this driver
never discovers other nodes, since any node forwards requests to the leader).

Without a URI, the parameters of a v1alpha4 rqlite connection block are read as upstream reads
them: `host`, `port`, `user` (or `username`), `password`, and `disableTLS`, which there means
plain http instead of https.

Messages never show the URI itself: it may hold the password.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from schemahero.driver_api.errors import invalid
from schemahero.driver_api.types import Connection

DEFAULT_PORT = 4001
DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for one request: a rebuild that copies a large table takes a while."""
LEVELS = frozenset({"none", "weak", "linearizable", "strong"})
_URI_PARAMETERS = frozenset({"disableTLS", "level", "timeout", "disableClusterDiscovery"})
_TRUE, _FALSE = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off"})


@dataclass(frozen=True)
class Target:
    """One rqlite node's HTTP API. Sensitive: its repr leaves the credentials out."""

    scheme: str
    host: str
    port: int
    prefix: str = ""
    """A path the API is served under (behind a proxy), without a trailing slash."""
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    verify: bool = True
    """Check the server's certificate (https only)."""
    level: str = "weak"
    timeout: float = DEFAULT_TIMEOUT

    @property
    def address(self) -> str:
        """Where the node is, fit for messages: no credentials."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{self.prefix}"


def resolve(connection: Connection) -> Target:
    """The node a Connection names; INVALID_ARGUMENT when it names none."""
    if connection.uri.strip():
        return _from_uri(connection.uri.strip(), connection.params)
    return _from_params(connection.params)


def _from_uri(uri: str, params: Mapping[str, str]) -> Target:
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("http", "https"):
        shown = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise invalid(f"an rqlite URI starts with http:// or https://, not {shown}")
    if not parts.hostname:
        raise invalid("the rqlite URI names no host: http://user:password@host:port")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise invalid("the rqlite URI has an invalid port") from None
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - _URI_PARAMETERS)
    if unknown:
        known = ", ".join(sorted(_URI_PARAMETERS))
        raise invalid(f"unknown parameter {unknown[0]!r} in the rqlite URI (known: {known})")
    # `?disableTLS` alone says true.
    disable_tls = _flag("disableTLS", query.get("disableTLS", params.get("disableTLS", "false")) or "true")
    username, password = _credentials(parts, params)
    return Target(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port,
        prefix=parts.path.rstrip("/"),
        username=username,
        password=password,
        verify=not disable_tls,
        level=_level(query.get("level", "weak")),
        timeout=_timeout(query.get("timeout")),
    )


def _from_params(params: Mapping[str, str]) -> Target:
    host = params.get("host", "").strip()
    if not host:
        raise invalid("no rqlite node given: pass a URI, http://user:password@host:port, or a host")
    port = params.get("port", "").strip() or str(DEFAULT_PORT)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise invalid(f"{port!r} is not a port number")
    plain = _flag("disableTLS", params.get("disableTLS", "false"))
    return Target(
        scheme="http" if plain else "https",
        host=host,
        port=int(port),
        username=params.get("user") or params.get("username") or None,
        password=params.get("password"),
    )


def _credentials(parts: urllib.parse.SplitResult, params: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The URI's user and password (percent-decoded), else the connection's parameters."""
    if parts.username is not None:
        password = None if parts.password is None else urllib.parse.unquote(parts.password)
        return urllib.parse.unquote(parts.username), password
    username = params.get("user") or params.get("username") or None
    return username, params.get("password") if username else None


def _flag(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise invalid(f"{name} is true or false, not {value!r}")


def _level(value: str) -> str:
    if value not in LEVELS:
        raise invalid(f"the read consistency level is one of {', '.join(sorted(LEVELS))}, not {value!r}")
    return value


def _timeout(value: str | None) -> float:
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value.strip().removesuffix("s"))
    except ValueError:
        seconds = 0.0
    if not (seconds > 0 and math.isfinite(seconds)):
        raise invalid(f"timeout is a number of seconds, not {value!r}")
    return seconds
