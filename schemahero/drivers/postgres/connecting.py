"""Opening a connection: a URI (special characters percent-encoded), key=value, or parts.

libpq knows every URI parameter but `schema`/`search_path` (upstream's and JDBC's
`currentSchema`): those are taken out of the URI and set on the session instead.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from schemahero.driver_api.errors import invalid, unavailable
from schemahero.driver_api.types import Connection

CONNECT_TIMEOUT = 10
"""Seconds to wait for the server before reporting it unavailable."""

SEARCH_PATH_KEYS = ("search_path", "schema", "currentSchema")
_PARTS = {
    "host": "host",
    "port": "port",
    "user": "user",
    "username": "user",
    "password": "password",
    "dbname": "dbname",
    "database": "dbname",
    "sslmode": "sslmode",
}
"""Connection parameters (from a Database's parts) as libpq names them."""


def connect(connection: Connection) -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommit connection with the search path the connection asks for."""
    conninfo, search_path = conninfo_of(connection)
    try:
        conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.ProgrammingError as error:
        raise invalid(f"not a usable PostgreSQL connection: {error}") from error
    except psycopg.OperationalError as error:
        raise unavailable(f"PostgreSQL cannot be reached: {_first_line(error)}") from error
    if search_path:
        try:
            conn.execute("select set_config('search_path', %s, false)", [search_path])
        except psycopg.Error as error:
            conn.close()
            raise invalid(f"search_path {search_path!r}: {_first_line(error)}") from error
    return conn


def conninfo_of(connection: Connection) -> tuple[str, str]:
    """libpq's conninfo for `connection`, and the search path to set (empty: the server's)."""
    base = connection.uri.strip()
    search_path = ""
    if base.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(base)
        kept = []
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
            if key in SEARCH_PATH_KEYS:
                search_path = value
            else:
                kept.append((key, value))
        base = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(kept)))
    elif base and "=" not in base:
        raise invalid("a PostgreSQL URI starts with postgres:// or postgresql://")
    extra = {}
    for key, value in connection.params.items():
        if key in SEARCH_PATH_KEYS and value:
            search_path = value
        elif key in _PARTS and value:
            extra[_PARTS[key]] = value
    try:
        return make_conninfo(base, **extra), search_path
    except psycopg.ProgrammingError as error:
        raise invalid(f"not a usable PostgreSQL connection: {error}") from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
