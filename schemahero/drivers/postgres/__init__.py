"""The PostgreSQL driver (psycopg 3): tables, views, functions, extensions, enum types."""

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.postgres.engine import PostgresEngine


def create_driver() -> EngineDriver:
    """The driver the entry point `schemahero.drivers: postgres` names."""
    return EngineDriver(PostgresEngine())


__all__ = ["PostgresEngine", "create_driver"]
