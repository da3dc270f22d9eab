"""The driver conformance kit against PostgreSQL: the postgres driver in this process and over
gRPC, and the timescaledb driver (which on a server without the extension is PostgreSQL's)."""

from __future__ import annotations

import pytest

from schemahero.driver_api import Driver
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver


class TestInProcess(DriverConformance):
    engine = "postgres"

    @pytest.fixture
    def driver(self, driver: Driver) -> Driver:
        return InProcessDriver(driver)


class TestOverGrpc(DriverConformance):
    engine = "postgres"

    @pytest.fixture
    def driver(self, served: Driver) -> Driver:
        return served


class TestTimescaledbFlavour(DriverConformance):
    engine = "timescaledb"

    @pytest.fixture
    def driver(self, timescale_driver: Driver) -> Driver:
        return InProcessDriver(timescale_driver)
