"""The SQLite engine: specs to model, changes to statements, model to specs, sessions.

A flavour (rqlite) makes this engine with its own name and overrides `connect`: the spec block,
the diff hooks, the statements and the model built from catalog rows stay the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero import __version__
from schemahero.diffing import Hooks
from schemahero.driver_api.engine import Session
from schemahero.driver_api.types import Capability, Connection, PluginInfo, Step
from schemahero.drivers.sqlite import apply, export, modelling, plan
from schemahero.drivers.sqlite.hooks import SqliteHooks
from schemahero.schema import specs
from schemahero.schema.changes import Change
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject
from schemahero.schema.json_schema import schema_of
from schemahero.schema.model import Desired, Schema

CAPABILITIES = frozenset(
    {
        Capability.TRANSACTIONAL_DDL,
        Capability.SEED_DATA,
        Capability.EXPORT_SPEC,
        Capability.FIXTURES,
    }
)


class SqliteEngine:
    """SQLite tables: `spec.schema.<name>` blocks, in a database file."""

    def __init__(self, name: str = "sqlite") -> None:
        self.name = name
        self.info = PluginInfo(
            name=f"schemahero-driver-{name}",
            vendor_version=__version__,
            engines=(name,),
            spec_schemas={name: schema_of(specs.SqliteTableSchema)},
        )
        self.capabilities = CAPABILITIES
        self.hooks: Hooks = SqliteHooks()

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        return modelling.desired(objects, self.name)

    def connect(self, connection: Connection) -> Session:
        return apply.connect(connection.uri)

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return plan.render(changes)

    def export(self, schema: Schema) -> list[SpecObject]:
        return export.export(schema, self.name)
