"""The SQLite driver: one database file, tables only, rebuilt where ALTER TABLE cannot reach."""

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.sqlite.engine import SqliteEngine


def create_driver() -> EngineDriver:
    """The driver the entry point `schemahero.drivers: sqlite` names."""
    return EngineDriver(SqliteEngine())


__all__ = ["SqliteEngine", "create_driver"]
