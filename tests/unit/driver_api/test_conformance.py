"""The conformance kit passes through the gRPC transport: a memory driver behind DriverClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schemahero.driver_api import DriverClient, DriverServer, EngineDriver
from schemahero.driver_api.conformance import DriverConformance


class TestMemoryDriverOverGrpc(DriverConformance):
    engine = "sqlite"

    @pytest.fixture
    def driver(self, driver: EngineDriver) -> Iterator[DriverClient]:
        """The conftest's memory driver, served on loopback and called over gRPC."""
        with DriverServer(driver, "127.0.0.1:0") as server, DriverClient(server.target) as client:
            yield client
