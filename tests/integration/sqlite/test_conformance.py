"""The driver conformance kit, run against the SQLite driver in this process and over gRPC."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemahero.driver_api import Connection, Driver
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver
from schemahero.drivers.sqlite import create_driver
from schemahero.plugins.subprocess_driver import launched


class TestInProcess(DriverConformance):
    engine = "sqlite"

    @pytest.fixture
    def driver(self) -> Driver:
        return InProcessDriver(create_driver())

    @pytest.fixture
    def connection(self, database: Path) -> Connection:
        return Connection(str(database))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Driver]:
    """`python -m schemahero.drivers.sqlite` as a child process, on a unix socket."""
    executable = tmp_path_factory.mktemp("driver") / "schemahero-driver-sqlite"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.sqlite "$@"\n')
    executable.chmod(0o755)
    with launched(str(executable)) as client:
        yield client


class TestOverGrpc(DriverConformance):
    engine = "sqlite"

    @pytest.fixture
    def driver(self, served: Driver) -> Driver:
        return served

    @pytest.fixture
    def connection(self, database: Path) -> Connection:
        return Connection(str(database))
