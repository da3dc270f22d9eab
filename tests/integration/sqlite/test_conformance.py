"""The driver conformance kit, run against the SQLite driver in this process and over gRPC."""

from __future__ import annotations

import pytest

from schemahero.driver_api import Driver
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver


class TestInProcess(DriverConformance):
    engine = "sqlite"

    @pytest.fixture
    def driver(self, driver: Driver) -> Driver:
        return InProcessDriver(driver)


class TestOverGrpc(DriverConformance):
    engine = "sqlite"

    @pytest.fixture
    def driver(self, served: Driver) -> Driver:
        return served
