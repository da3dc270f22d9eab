"""The driver conformance kit, run against the rqlite driver in this process and over gRPC."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from schemahero.driver_api import Driver
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver
from schemahero.drivers.rqlite import create_driver
from schemahero.plugins.subprocess_driver import launched


class TestInProcess(DriverConformance):
    engine = "rqlite"

    @pytest.fixture
    def driver(self) -> Driver:
        return InProcessDriver(create_driver())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Driver]:
    """`python -m schemahero.drivers.rqlite` as a child process, on a unix socket."""
    executable = tmp_path_factory.mktemp("driver") / "schemahero-driver-rqlite"
    executable.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.rqlite "$@"\n')
    executable.chmod(0o755)
    with launched(str(executable)) as client:
        yield client


class TestOverGrpc(DriverConformance):
    engine = "rqlite"

    @pytest.fixture
    def driver(self, served: Driver) -> Driver:
        return served
