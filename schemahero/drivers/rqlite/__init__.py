"""The rqlite driver: the SQLite driver's planning over an rqlite node's HTTP API."""

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.rqlite.engine import RqliteEngine


def create_driver() -> EngineDriver:
    """The driver the entry point `schemahero.drivers: rqlite` names."""
    return EngineDriver(RqliteEngine())


__all__ = ["RqliteEngine", "create_driver"]
