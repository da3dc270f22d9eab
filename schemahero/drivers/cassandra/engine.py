"""The Cassandra engine: specs to model, changes to CQL, model to specs, sessions."""

from __future__ import annotations

from collections.abc import Sequence

from schemahero import __version__
from schemahero.diffing import Hooks
from schemahero.driver_api.engine import Session
from schemahero.driver_api.types import Capability, Connection, PluginInfo, Step
from schemahero.drivers.cassandra import apply, connecting, export, modelling, plan
from schemahero.drivers.cassandra.hooks import CassandraHooks
from schemahero.schema import specs
from schemahero.schema.changes import Change
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject
from schemahero.schema.json_schema import schema_of
from schemahero.schema.model import Desired, Schema

CAPABILITIES = frozenset(
    {Capability.TYPES, Capability.SEED_DATA, Capability.EXPORT_SPEC, Capability.FIXTURES}
)
"""No TRANSACTIONAL_DDL, no ADVISORY_LOCK: Cassandra has neither."""

INFO = PluginInfo(
    name="schemahero-driver-cassandra",
    vendor_version=__version__,
    engines=(modelling.ENGINE,),
    spec_schemas={modelling.ENGINE: schema_of(specs.CassandraTableSchema)},
)


class CassandraEngine:
    """Tables and user-defined types of one keyspace.

    `keyspace` is the one seed rows are written into (upstream prints `INSERT INTO ks.table`):
    the driver plans with an engine made for the keyspace of each connection
    (`for_connection`, see EngineDriver); without one (fixtures) seed rows name the bare table.
    """

    def __init__(self, keyspace: str = "") -> None:
        self.keyspace = keyspace
        self.info = INFO
        self.capabilities = CAPABILITIES
        self.hooks: Hooks = CassandraHooks()

    @classmethod
    def for_connection(cls, connection: Connection) -> CassandraEngine:
        """INVALID_ARGUMENT when the connection names no keyspace."""
        return cls(connecting.target(connection).keyspace)

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        return modelling.desired(objects)

    def connect(self, connection: Connection) -> Session:
        return apply.connect(connecting.target(connection))

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return plan.render(changes, self.keyspace)

    def export(self, schema: Schema) -> list[SpecObject]:
        return export.export(schema)
