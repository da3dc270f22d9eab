"""Cassandra starts with password authentication, makes keyspaces and loads CQL scripts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.servers.base import TestDatabase, TestServer

cluster_module = pytest.importorskip("cassandra.cluster", reason="cassandra-driver is missing")
auth_module = pytest.importorskip("cassandra.auth", reason="cassandra-driver is missing")

SCRIPT = """
-- a comment; with a semicolon
create table users (id int primary key, login text, note text);
insert into users (id, login, note) values (1, 'ada', 'one; two');
"""


@contextmanager
def _session(db: TestDatabase, *, login: bool = True) -> Iterator[Any]:
    host, port = db.params["hosts"].split(":")
    credentials = (
        auth_module.PlainTextAuthProvider(db.params["username"], db.params["password"]) if login else None
    )
    cluster = cluster_module.Cluster([host], port=int(port), auth_provider=credentials)
    try:
        yield cluster.connect()
    finally:
        cluster.shutdown()


def _tables(session: Any, keyspace: str) -> list[str]:
    rows = session.execute(
        "select table_name from system_schema.tables where keyspace_name = %s", (keyspace,)
    )
    return [row.table_name for row in rows]


def test_cassandra_keyspace_loads_a_script(cassandra_server: TestServer) -> None:
    db = cassandra_server.new_database("smoke")
    db.load(SCRIPT)
    with _session(db) as session:
        rows = session.execute("select login, note from smoke.users")
        assert [(r.login, r.note) for r in rows] == [("ada", "one; two")]
        assert _tables(session, "smoke") == ["users"]

    again = cassandra_server.new_database("smoke")
    with _session(again) as session:
        assert _tables(session, "smoke") == []


def test_cassandra_refuses_anonymous_clients(cassandra_server: TestServer) -> None:
    db = cassandra_server.new_database("anonymous")
    with pytest.raises(cluster_module.NoHostAvailable), _session(db, login=False):
        pass
