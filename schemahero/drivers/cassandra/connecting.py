"""Where the keyspace is, and opening a session on it.

The CLI and the operator give the parts as parameters: `hosts` ("h1:9042,h2:9042"), `keyspace`,
`username`, `password`. A URI works too: `cassandra://user:pass@h1:9042,h2:9042/keyspace`
(user and password percent-encoded); parameters fill in what the URI leaves out. No message
here ever holds the password.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from cassandra import DriverException, InvalidRequest, OperationTimedOut, ProtocolVersion
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, NoHostAvailable
from cassandra.connection import ProtocolVersionUnsupported
from cassandra.policies import DCAwareRoundRobinPolicy

from schemahero.driver_api.errors import invalid, unavailable
from schemahero.driver_api.types import Connection

DEFAULT_PORT = 9042
CONNECT_TIMEOUT = 10.0
"""Seconds to wait for each host before reporting the cluster unavailable."""
REQUEST_TIMEOUT = 60.0
"""Seconds to wait for one statement (DDL on a large cluster takes a while)."""
SCHEMA_AGREEMENT_WAIT = 30
"""Seconds to wait, after each DDL statement, for every node to see the same schema."""

_KEYSPACE = re.compile(r"[A-Za-z0-9_]{1,48}\Z")
_HOST = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^\s:\[\],/@]+))(?::(?P<port>\d+))?\Z")


@dataclass(frozen=True)
class Target:
    hosts: tuple[tuple[str, int], ...]
    keyspace: str
    username: str = ""
    password: str = field(default="", repr=False)

    @property
    def where(self) -> str:
        """The hosts and keyspace, for messages."""
        hosts = ",".join(f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for h, p in self.hosts)
        return f"keyspace {self.keyspace} at {hosts}"


def target(connection: Connection) -> Target:
    """The target of a connection; INVALID_ARGUMENT when it cannot name a keyspace."""
    parts = _from_uri(connection.uri.strip()) if connection.uri.strip() else {}
    for key in ("hosts", "keyspace", "username", "password"):
        if not parts.get(key) and connection.params.get(key):
            parts[key] = connection.params[key]
    if not parts.get("hosts"):
        raise invalid("no Cassandra host given: pass hosts (host:port, comma separated)")
    keyspace = parts.get("keyspace", "")
    if not _KEYSPACE.match(keyspace):
        raise invalid(f"{keyspace!r} is not a keyspace name: 1 to 48 letters, digits or _")
    return Target(
        hosts=tuple(_host(h) for h in parts["hosts"].split(",") if h.strip()),
        keyspace=keyspace,
        username=parts.get("username", ""),
        password=parts.get("password", ""),
    )


def _from_uri(uri: str) -> dict[str, str]:
    if not uri.startswith("cassandra://"):
        raise invalid("a Cassandra URI starts with cassandra:// (or give hosts and keyspace instead)")
    rest, _, query = uri.removeprefix("cassandra://").partition("?")
    if query:
        raise invalid("a Cassandra URI takes no query parameters")
    authority, _, path = rest.partition("/")
    userinfo, _, hosts = authority.rpartition("@")
    username, _, password = userinfo.partition(":")
    return {
        "hosts": hosts,
        "keyspace": urllib.parse.unquote(path.strip("/")),
        "username": urllib.parse.unquote(username),
        "password": urllib.parse.unquote(password),
    }


def _host(text: str) -> tuple[str, int]:
    found = _HOST.match(text.strip())
    port = int(found["port"] or DEFAULT_PORT) if found else 0
    if found is None or not 0 < port < 65536:
        raise invalid(f"{text.strip()!r} is not a Cassandra host: host, host:port or [ipv6]:port")
    return found["v6"] or found["host"], port


def connect(where: Target) -> tuple[Any, Any]:
    """A cluster and a session in the target keyspace; the caller shuts the cluster down."""
    credentials = PlainTextAuthProvider(where.username, where.password) if where.username else None
    profile = ExecutionProfile(
        load_balancing_policy=DCAwareRoundRobinPolicy(), request_timeout=REQUEST_TIMEOUT
    )
    cluster = Cluster(
        contact_points=list(where.hosts),
        auth_provider=credentials,
        protocol_version=ProtocolVersion.V5,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        connect_timeout=CONNECT_TIMEOUT,
        control_connection_timeout=CONNECT_TIMEOUT,
        max_schema_agreement_wait=SCHEMA_AGREEMENT_WAIT,
        schema_metadata_enabled=False,
        token_metadata_enabled=False,
    )
    try:
        session = cluster.connect()
        session.set_keyspace(where.keyspace)
    except NoHostAvailable as error:
        cluster.shutdown()
        raise _unreachable(error, where) from error
    except InvalidRequest as error:
        cluster.shutdown()
        raise invalid(f"{where.where}: {error}") from error
    except (OperationTimedOut, DriverException) as error:
        cluster.shutdown()
        raise unavailable(f"Cassandra cannot be reached ({where.where}): {error}") from error
    return cluster, session


def _unreachable(error: NoHostAvailable, where: Target) -> Exception:
    problems = list(error.errors.values())
    if any(isinstance(p, ProtocolVersionUnsupported) for p in problems):
        return invalid(f"{where.where}: the driver needs Cassandra 4.0 or later (native protocol v5)")
    if any("authenticat" in str(p).lower() for p in problems):
        return invalid(
            f"{where.where}: Cassandra refused the login of user {where.username!r}: {problems[0]}"
        )
    detail = "; ".join(str(p) for p in problems) or str(error)
    return unavailable(f"Cassandra cannot be reached ({where.where}): {detail}")
