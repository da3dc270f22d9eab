"""A Cassandra node for the session (tests/servers/cassandra.py), a fresh keyspace for each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest

from schemahero.driver_api import Connection
from schemahero.drivers.cassandra.connecting import connect, target
from schemahero.schema.documents import SpecObject
from tests.integration import planning

table = partial(planning.table, engine="cassandra")


@pytest.fixture(scope="session")
def engine() -> str:
    return "cassandra"


@pytest.fixture
def query(connection: Connection) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
    """Rows of one query (CQL, with bound values) in the test keyspace, through a session of its own."""
    cluster, session = connect(target(connection))
    try:
        yield lambda cql, *params: [tuple(row) for row in session.execute(cql, params or None)]
    finally:
        cluster.shutdown()


def data_type(name: str, fields: list[tuple[str, str]], **block: Any) -> SpecObject:
    """A DataType object with a `spec.schema.cassandra` block."""
    body = {
        "name": name,
        "schema": {"cassandra": {"fields": [{"name": n, "type": t} for n, t in fields], **block}},
    }
    return SpecObject("DataType", name, body, f"test: DataType {name}")
