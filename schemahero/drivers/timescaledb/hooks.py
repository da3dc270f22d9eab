"""TimescaleDB compares as PostgreSQL does, plus hypertables, continuous aggregates, and the
indexes and triggers TimescaleDB makes itself (which are not the specs' to drop)."""

from __future__ import annotations

from schemahero.drivers.postgres.hooks import PostgresHooks
from schemahero.drivers.timescaledb import hypertables
from schemahero.schema.model import Index, Table, View


class TimescaleHooks(PostgresHooks):
    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        keys = super().changed_table_attrs(live, desired)
        if hypertables.changed(live.attrs.get("hypertable"), desired.attrs.get("hypertable")):
            keys += ("hypertable",)
        return keys

    def managed_index(self, index: Index) -> bool:
        return not index.attrs.get("timescaledb")

    def same_view(self, live: View, desired: View) -> bool:
        continuous = bool(live.attrs.get("continuous")) == bool(desired.attrs.get("continuous"))
        return continuous and super().same_view(live, desired)
