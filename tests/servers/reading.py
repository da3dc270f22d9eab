"""Reading rows back from a test database, through a connection of the test's own."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import psycopg
import pymysql  # type: ignore[import-untyped]

from schemahero.drivers.mysql.uris import parse
from tests.servers.base import TestDatabase

Rows = list[tuple[Any, ...]]


def rows(database: TestDatabase, sql: str) -> Rows:
    """Rows of one query on a PostgreSQL, MariaDB, SQLite or rqlite test database."""
    return _READERS[database.driver](database.uri, sql)


def over_http(uri: str, path: str, statements: list[Any]) -> Rows:
    """One request of rqlite's HTTP API (`/db/query` or `/db/execute`), as another client sends it."""
    parts = urllib.parse.urlsplit(uri)
    token = base64.b64encode(f"{parts.username}:{parts.password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
    url = f"{parts.scheme}://{parts.hostname}:{parts.port}{path}"
    sent = urllib.request.Request(url, json.dumps(statements).encode(), headers, method="POST")
    with urllib.request.urlopen(sent, timeout=30) as response:
        (result,) = json.load(response)["results"]
    assert "error" not in result, result
    return [tuple(row) for row in result.get("values", [])]


def _postgres(uri: str, sql: str) -> Rows:
    with psycopg.connect(uri, autocommit=True) as db:
        return db.execute(sql.encode()).fetchall()


def _mysql(uri: str, sql: str) -> Rows:
    db = pymysql.connect(**parse(uri).connect_args(), autocommit=True)
    with contextlib.closing(db), db.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _sqlite(path: str, sql: str) -> Rows:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


_READERS: dict[str, Callable[[str, str], Rows]] = {
    "postgres": _postgres,
    "mysql": _mysql,
    "sqlite": _sqlite,
    "rqlite": lambda uri, sql: over_http(uri, "/db/query", [sql]),
}
