"""Where a MySQL database is: `mysql://` URLs and the Go DSNs upstream manifests carry.

Go DSN (github.com/go-sql-driver/mysql): `[user[:password]@][net[(addr)]]/dbname[?params]`,
split as that driver splits it: the database after the last `/`, the credentials before the
last `@`, the password after the first `:`. `tls` follows its meaning: absent or `false` is no
TLS, `true` verifies the server, `skip-verify` encrypts without verifying, `preferred` tries.
In a URL, `tls` may be given the same way and TLS is preferred when it is not.
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from schemahero.driver_api.errors import invalid

SCHEMES = ("mysql", "mariadb")
DEFAULT_PORT = 3306
_TLS = ("false", "true", "skip-verify", "preferred")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)\Z")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
_ADDRESS = re.compile(
    r"\[(?P<v6>[^\]]+)\](?::(?P<p6>\d+))?"
    r"|(?P<host>[^:\[\]]+)(?::(?P<port>\d+))?"
)


@dataclass(frozen=True)
class Target:
    """One database and how to reach it; the password never shows in a repr."""

    database: str
    user: str = ""
    password: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    socket: str = ""
    tls: str = "false"
    timeout: float = 10.0

    def connect_args(self) -> dict[str, Any]:
        """Keyword arguments of pymysql.connect, apart from session settings."""
        args: dict[str, Any] = {
            "user": self.user,
            "password": self.password,
            "database": self.database,
            "connect_timeout": self.timeout,
        }
        if self.socket:
            args["unix_socket"] = self.socket
        else:
            args |= {"host": self.host, "port": self.port}
        if self.tls == "false":
            args["ssl_disabled"] = True
        elif self.tls in ("true", "skip-verify"):
            context = ssl.create_default_context()
            if self.tls == "skip-verify":
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            args["ssl"] = context
        return args


def parse(uri: str) -> Target:
    """The Target of a `mysql://` URL or a Go DSN; DriverError(INVALID_ARGUMENT) if neither."""
    text = uri.strip()
    if not text:
        raise invalid("no connection URI given for mysql")
    scheme, sep, _ = text.partition("://")
    if sep and scheme.lower() in SCHEMES:
        return _from_url(text)
    if sep:
        raise invalid(f"a mysql URI starts with mysql:// or is a Go DSN, not {scheme}://")
    return _from_dsn(text)


def _from_url(text: str) -> Target:
    parts = urlsplit(text)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as error:
        raise invalid(f"mysql URI: {error}") from None
    params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return _target(
        database=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=parts.hostname or "127.0.0.1",
        port=port,
        socket=params.get("socket", ""),
        params=params,
        tls_default="preferred",
    )


def _from_dsn(text: str) -> Target:
    slash = text.rfind("/")
    if slash < 0:
        raise invalid("a mysql Go DSN has the form user:password@tcp(host:port)/database")
    head, tail = text[:slash], text[slash + 1 :]
    database, _, query = tail.partition("?")
    credentials, at, address = head.rpartition("@")
    user, _, password = credentials.partition(":") if at else ("", "", "")
    found = re.fullmatch(r"(?:(?P<net>[a-z0-9]+)(?:\((?P<addr>[^)]*)\))?)?", address)
    if found is None:
        raise invalid(f"a mysql Go DSN names a network as tcp(host:port), not {address!r}")
    net, addr = found["net"] or "tcp", found["addr"] or ""
    if net not in ("tcp", "unix"):
        raise invalid(f"mysql Go DSN: network {net!r} is not tcp or unix")
    host, port = _host_port(addr) if net == "tcp" else ("", DEFAULT_PORT)
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    return _target(
        database=database,
        user=user,
        password=password,
        host=host,
        port=port,
        socket=addr if net == "unix" else "",
        params=params,
        tls_default="false",
    )


def _target(
    *,
    database: str,
    user: str,
    password: str,
    host: str,
    port: int,
    socket: str,
    params: dict[str, str],
    tls_default: str,
) -> Target:
    if not database:
        raise invalid("the mysql URI names no database")
    tls = params.get("tls", tls_default).lower()
    if tls not in _TLS:
        raise invalid(f"mysql URI: tls={tls!r} is not one of {', '.join(_TLS)}")
    timeout = _seconds(params["timeout"]) if "timeout" in params else 10.0
    return Target(database, user, password, host, port, socket, tls, timeout)


def _host_port(addr: str) -> tuple[str, int]:
    if not addr:
        return "127.0.0.1", DEFAULT_PORT
    found = _ADDRESS.fullmatch(addr)
    if found is None:
        raise invalid(f"mysql Go DSN: {addr!r} is not host:port")
    port = found["p6"] or found["port"]
    return found["v6"] or found["host"], int(port) if port else DEFAULT_PORT


def _seconds(duration: str) -> float:
    found = _DURATION.match(duration.strip())
    if found is None:
        raise invalid(f"mysql URI: timeout={duration!r} is not a duration such as 30s")
    return float(found[1]) * _UNITS[found[2]]
