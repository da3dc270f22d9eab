"""The Cassandra driver: EngineDriver, with plans rendered for the keyspace of their connection.

Seed rows name their keyspace (upstream prints `INSERT INTO ks.table`), so the engine that
renders a plan is made for the keyspace the plan's connection names.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.driver_api.types import DEFAULT_PLAN_OPTIONS, Connection, Plan, PlanOptions
from schemahero.drivers.cassandra import connecting
from schemahero.drivers.cassandra.engine import CassandraEngine
from schemahero.schema.documents import SpecObject


class CassandraDriver(EngineDriver):
    def __init__(self, engine: CassandraEngine) -> None:
        super().__init__(engine)
        self.cassandra = engine

    def plan(
        self,
        connection: Connection,
        objects: Sequence[SpecObject],
        options: PlanOptions = DEFAULT_PLAN_OPTIONS,
    ) -> Plan:
        keyspace = connecting.target(connection).keyspace
        return EngineDriver(self.cassandra.for_keyspace(keyspace)).plan(connection, objects, options)
