"""The Cassandra driver: EngineDriver, with two things of Cassandra's in `plan`.

Seed rows name the keyspace of the plan's connection, so the engine that renders a plan is made
for that keyspace. And a change Cassandra cannot make (a column's type, the primary key) is
refused while rendering: the plan comes back with no step and the refusal's diagnostics (and
a plan applied after such a change was made to the live keyspace is stale, not already applied).
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero.driver_api.engine import Session
from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.driver_api.types import DEFAULT_PLAN_OPTIONS, Connection, Plan, PlanOptions
from schemahero.drivers.cassandra import connecting
from schemahero.drivers.cassandra.engine import CassandraEngine
from schemahero.drivers.cassandra.plan import Refused
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
        try:
            return EngineDriver(self.cassandra.for_keyspace(keyspace)).plan(connection, objects, options)
        except Refused as refused:
            found = self.cassandra.desired(objects)[1]
            return Plan((), "", (*found, *refused.diagnostics))

    def _already_applied(self, session: Session, objects: Sequence[SpecObject]) -> bool:
        try:
            return super()._already_applied(session, objects)
        except Refused:
            return False
