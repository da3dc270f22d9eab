"""The Cassandra driver: tables and user-defined types of one keyspace, with seed rows."""

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.cassandra.engine import CassandraEngine


def create_driver() -> EngineDriver:
    """The driver the entry point `schemahero.drivers: cassandra` names: it plans with an
    engine made for the keyspace of each connection (see CassandraEngine)."""
    return EngineDriver(CassandraEngine(), for_connection=CassandraEngine.for_connection)


__all__ = ["CassandraEngine", "create_driver"]
