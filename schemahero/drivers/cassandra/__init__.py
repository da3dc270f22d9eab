"""The Cassandra driver: tables and user-defined types of one keyspace, with seed rows."""

from schemahero.drivers.cassandra.driver import CassandraDriver
from schemahero.drivers.cassandra.engine import CassandraEngine


def create_driver() -> CassandraDriver:
    """The driver the entry point `schemahero.drivers: cassandra` names."""
    return CassandraDriver(CassandraEngine())


__all__ = ["CassandraDriver", "CassandraEngine", "create_driver"]
