"""What DriverClient and InProcessDriver share: `with` closes the driver a caller holds."""

from __future__ import annotations

import pytest

from schemahero.driver_api import Connection, DriverClient, DriverServer, EngineDriver, InProcessDriver
from schemahero.driver_api.engine import Engine
from tests.unit.driver_api.conftest import users_spec
from tests.unit.driver_api.fake_driver import MemoryEngine


class Closing(EngineDriver):
    closed = 0

    def close(self) -> None:
        self.closed += 1


def test_leaving_with_closes_the_driver_in_process(engine: MemoryEngine) -> None:
    driver = Closing(engine)
    with InProcessDriver(driver) as held:
        assert held.probe()

    assert driver.closed == 1


def test_leaving_with_closes_the_channel(driver: EngineDriver) -> None:
    with DriverServer(driver, "127.0.0.1:0") as server:
        with DriverClient(server.target, timeout=5.0) as client:
            assert client.probe()

        with pytest.raises(ValueError, match="closed channel"):
            client.probe()


def test_plans_use_the_engine_made_for_their_connection(engine: MemoryEngine, connection: Connection) -> None:
    made: list[Connection] = []

    def for_connection(given: Connection) -> Engine:
        made.append(given)
        return engine

    driver = EngineDriver(engine, for_connection=for_connection)
    driver.plan(connection, [users_spec()])
    driver.generate_fixtures([users_spec()])

    assert made == [connection]
