"""Reading rows back from a test database, through a connection of the test's own."""

from __future__ import annotations

import contextlib
from typing import Any

import psycopg
import pymysql  # type: ignore[import-untyped]

from schemahero.drivers.mysql.uris import parse
from tests.servers.base import TestDatabase


def rows(database: TestDatabase, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query on a PostgreSQL or MariaDB test database."""
    if database.driver == "postgres":
        with psycopg.connect(database.uri, autocommit=True) as db:
            return db.execute(sql.encode()).fetchall()
    db = pymysql.connect(**parse(database.uri).connect_args(), autocommit=True)
    with contextlib.closing(db), db.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())
