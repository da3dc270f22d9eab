"""The PostgreSQL engine: specs to model, changes to statements, catalog to model and back.

A flavour (timescaledb) is this engine with its own name and its own parts: each part below
is a class the flavour subclasses, never a copy.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero import __version__
from schemahero.diffing import Hooks
from schemahero.driver_api.engine import Session
from schemahero.driver_api.types import Capability, Connection, PluginInfo, Step
from schemahero.drivers.postgres import connecting
from schemahero.drivers.postgres.apply import PostgresSession
from schemahero.drivers.postgres.export import Exporter
from schemahero.drivers.postgres.hooks import PostgresHooks
from schemahero.drivers.postgres.inspect import CatalogReader
from schemahero.drivers.postgres.modeling import Modeler
from schemahero.drivers.postgres.plan import Renderer
from schemahero.schema import specs
from schemahero.schema.changes import Change
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject
from schemahero.schema.json_schema import schema_of
from schemahero.schema.model import Desired, Schema

CAPABILITIES = frozenset(
    {
        Capability.TRANSACTIONAL_DDL,
        Capability.ADVISORY_LOCK,
        Capability.VIEWS,
        Capability.FUNCTIONS,
        Capability.EXTENSIONS,
        Capability.TYPES,
        Capability.SEED_DATA,
        Capability.EXPORT_SPEC,
        Capability.FIXTURES,
    }
)


class PostgresEngine:
    """PostgreSQL: tables in any schema, views, functions, extensions, enum types, seed rows."""

    name = "postgres"
    table_block: type = specs.PostgresTableSchema
    modeler_class: type[Modeler] = Modeler
    renderer_class: type[Renderer] = Renderer
    reader_class: type[CatalogReader] = CatalogReader
    exporter_class: type[Exporter] = Exporter
    hooks_class: type[Hooks] = PostgresHooks

    def __init__(self) -> None:
        self.info = PluginInfo(
            name=f"schemahero-driver-{self.name}",
            vendor_version=__version__,
            engines=(self.name,),
            spec_schemas={self.name: schema_of(self.table_block)},
        )
        self.capabilities = CAPABILITIES
        self.hooks = self.hooks_class()
        self.modeler = self.modeler_class(self.name)
        self.renderer = self.renderer_class()
        self.reader = self.reader_class()
        self.exporter = self.exporter_class(self.name)

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        return self.modeler.desired(objects)

    def connect(self, connection: Connection) -> Session:
        return PostgresSession(connecting.connect(connection), self.reader)

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return self.renderer.render(changes)

    def export(self, schema: Schema) -> list[SpecObject]:
        return self.exporter.export(schema)
