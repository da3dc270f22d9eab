"""The TimescaleDB driver: the PostgreSQL driver plus hypertables and continuous aggregates."""

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.timescaledb.engine import TimescaleEngine


def create_driver() -> EngineDriver:
    """The driver the entry point `schemahero.drivers: timescaledb` names."""
    return EngineDriver(TimescaleEngine())


__all__ = ["TimescaleEngine", "create_driver"]
