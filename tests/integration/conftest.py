"""The fixtures every engine's integration tests share. An engine's folder names its `engine`
(a session fixture) in its conftest and adds only what differs there."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator

import pytest

from schemahero.driver_api import Connection, Driver
from schemahero.plugins.subprocess_driver import launched
from tests.conftest import Servers
from tests.integration.planning import Query
from tests.servers.base import TestDatabase
from tests.servers.reading import rows


@pytest.fixture
def database(servers: Servers, engine: str) -> TestDatabase:
    """An empty database on the session's server of `engine` (skips, naming it, if there is none)."""
    return servers.database(engine)


@pytest.fixture
def connection(database: TestDatabase) -> Connection:
    """As the CLI and the operator give it: a URI, or parameters (Cassandra)."""
    return Connection(database.uri, dict(database.params))


@pytest.fixture
def driver(engine: str) -> Driver:
    """The engine's driver, in this process."""
    driver: Driver = importlib.import_module(f"schemahero.drivers.{engine}").create_driver()
    return driver


@pytest.fixture
def load(database: TestDatabase) -> Callable[[str], None]:
    """Runs a script on the test database, as fixtures.sql files are loaded."""
    return database.load


@pytest.fixture
def query(database: TestDatabase) -> Query:
    """Rows of one query on the test database, read through a connection of the test's own."""
    return lambda sql: rows(database, sql)


@pytest.fixture(scope="module")
def served(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Driver]:
    """`python -m schemahero.drivers.<engine>` as a child process on a unix socket, over gRPC."""
    executable = tmp_path_factory.mktemp("driver") / f"schemahero-driver-{engine}"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.{engine} "$@"\n')
    executable.chmod(0o755)
    with launched(str(executable)) as client:
        yield client
