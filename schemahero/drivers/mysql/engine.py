"""The MySQL engine: specs to model, changes to statements, model to specs, sessions.

One engine serves MySQL and MariaDB: both read `spec.schema.mysql`; the session tells the two
servers apart where their catalogs differ (defaults, JSON).
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero import __version__
from schemahero.diffing import Hooks
from schemahero.driver_api.types import Capability, Connection, PluginInfo, Step
from schemahero.drivers.mysql import apply, desired, export, plan, uris
from schemahero.drivers.mysql.hooks import MysqlHooks
from schemahero.schema import specs
from schemahero.schema.changes import Change
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject
from schemahero.schema.json_schema import schema_of
from schemahero.schema.model import Desired, Schema

ENGINES = ("mysql", "mariadb")

CAPABILITIES = frozenset(
    {Capability.ADVISORY_LOCK, Capability.SEED_DATA, Capability.EXPORT_SPEC, Capability.FIXTURES}
)
"""No TRANSACTIONAL_DDL: MySQL commits each DDL statement as it runs."""


class MysqlEngine:
    """MySQL and MariaDB tables, from `spec.schema.mysql` blocks."""

    def __init__(self) -> None:
        block = schema_of(specs.MysqlTableSchema)
        self.info = PluginInfo(
            name="schemahero-driver-mysql",
            vendor_version=__version__,
            engines=ENGINES,
            spec_schemas=dict.fromkeys(ENGINES, block),
        )
        self.capabilities = CAPABILITIES
        self.hooks: Hooks = MysqlHooks()

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        return desired.desired(objects)

    def connect(self, connection: Connection) -> apply.MysqlSession:
        return apply.connect(uris.parse(connection.uri), connection.params)

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return plan.render(changes)

    def export(self, schema: Schema) -> list[SpecObject]:
        return export.export(schema)
