"""The driver conformance kit against PostgreSQL: the postgres driver in this process and over
gRPC, and the timescaledb driver (which on a server without the extension is PostgreSQL's)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from schemahero.driver_api import Connection, Driver
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver
from schemahero.drivers.postgres import create_driver
from schemahero.drivers.timescaledb import create_driver as create_timescale_driver
from schemahero.plugins.subprocess_driver import launched
from tests.servers.base import TestDatabase


class TestInProcess(DriverConformance):
    engine = "postgres"

    @pytest.fixture
    def driver(self) -> Driver:
        return InProcessDriver(create_driver())

    @pytest.fixture
    def connection(self, database: TestDatabase) -> Connection:
        return Connection(database.uri)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Driver]:
    """`python -m schemahero.drivers.postgres` as a child process, on a unix socket."""
    executable = tmp_path_factory.mktemp("driver") / "schemahero-driver-postgres"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.postgres "$@"\n')
    executable.chmod(0o755)
    with launched(str(executable)) as client:
        yield client


class TestOverGrpc(DriverConformance):
    engine = "postgres"

    @pytest.fixture
    def driver(self, served: Driver) -> Driver:
        return served

    @pytest.fixture
    def connection(self, database: TestDatabase) -> Connection:
        return Connection(database.uri)


class TestTimescaledbFlavour(DriverConformance):
    engine = "timescaledb"

    @pytest.fixture
    def driver(self) -> Driver:
        return InProcessDriver(create_timescale_driver())

    @pytest.fixture
    def connection(self, database: TestDatabase) -> Connection:
        return Connection(database.uri)
