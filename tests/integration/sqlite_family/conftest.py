"""rqlite is SQLite behind an HTTP API: every test here runs on both engines, and each engine's
own folder keeps only what really differs (SQLite's file locking, rqlite's requests and TLS).
rqlite's node holds one database, so these tests must not run in parallel with each other."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from schemahero.drivers.rqlite.http_api import HttpApi
from schemahero.drivers.sqlite.apply import SqliteSession
from schemahero.schema.documents import SpecObject
from tests.integration import planning

ENGINES = ("sqlite", "rqlite")

Table = Callable[..., SpecObject]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def table(engine: str) -> Table:
    """Table objects with a `spec.schema.<engine>` block."""
    return partial(planning.table, engine=engine)


@pytest.fixture
def asked(engine: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the driver reads from now on: SQLite's queries, or rqlite's HTTP requests."""
    reads: list[object] = []
    owner: Any = SqliteSession if engine == "sqlite" else HttpApi
    name = "_rows" if engine == "sqlite" else "query"
    original = getattr(owner, name)

    def counting(self: object, first: object, *rest: object) -> Any:
        reads.append(first)
        return original(self, first, *rest)

    monkeypatch.setattr(owner, name, counting)
    return reads
