"""The TimescaleDB engine: the PostgreSQL engine under its own name, with parts that know
hypertables, compression, retention and continuous aggregates."""

from __future__ import annotations

from schemahero.drivers.postgres.engine import PostgresEngine
from schemahero.drivers.timescaledb.export import TimescaleExporter
from schemahero.drivers.timescaledb.hooks import TimescaleHooks
from schemahero.drivers.timescaledb.inspect import TimescaleReader
from schemahero.drivers.timescaledb.modeling import TimescaleModeler
from schemahero.drivers.timescaledb.plan import TimescaleRenderer
from schemahero.schema import specs


class TimescaleEngine(PostgresEngine):
    """PostgreSQL with the timescaledb extension; on a server without it, plain PostgreSQL."""

    name = "timescaledb"
    table_block = specs.TimescaleTableSchema
    modeler_class = TimescaleModeler
    renderer_class = TimescaleRenderer
    reader_class = TimescaleReader
    exporter_class = TimescaleExporter
    hooks_class = TimescaleHooks
