"""The driver conformance kit on MariaDB, in process and over gRPC."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from schemahero.driver_api import Driver, DriverClient, DriverServer
from schemahero.driver_api.conformance import DriverConformance
from schemahero.drivers.mysql import create_driver


class TestMysqlDriver(DriverConformance):
    engine = "mysql"


class TestMysqlDriverOverGrpc(DriverConformance):
    engine = "mysql"

    @pytest.fixture
    def driver(self) -> Iterator[Driver]:
        with DriverServer(create_driver(), "127.0.0.1:0") as server, DriverClient(server.target) as client:
            yield client
