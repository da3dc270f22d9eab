"""How Cassandra compares: types in Cassandra's spelling, the key's structure, named properties."""

from __future__ import annotations

from schemahero.diffing import Hooks
from schemahero.drivers.cassandra import attrs, properties
from schemahero.drivers.cassandra.cql_types import normalize
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Column, DatabaseObject, DataType, PrimaryKey, Table


class CassandraHooks(Hooks):
    def column_change(self, live: Column, desired: Column) -> ColumnChange:
        """A column has a type and may be static; nothing else (no NULL constraints, no defaults)."""
        kind = ColumnChange.NONE
        if normalize(live.type) != normalize(desired.type):
            kind |= ColumnChange.TYPE
        if bool(live.attrs.get(attrs.STATIC)) != bool(desired.attrs.get(attrs.STATIC)):
            kind |= ColumnChange.ATTRS
        return kind

    def same_primary_key(self, live: PrimaryKey | None, desired: PrimaryKey | None) -> bool:
        """The key is compared by its parts (partition key, clustering) in `changed_table_attrs`."""
        return True

    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        """The key's parts when they differ, then `properties.<name>` for each named property
        whose live value differs."""
        keys = [
            key
            for key in (attrs.PARTITION_KEY, attrs.CLUSTERING)
            if tuple(live.attrs.get(key, ())) != tuple(desired.attrs.get(key, ()))
        ]
        changed = properties.changed(
            live.attrs.get(attrs.PROPERTIES, {}), desired.attrs.get(attrs.PROPERTIES, {})
        )
        return (*keys, *(f"{attrs.PROPERTIES}.{name}" for name in changed))

    def same_object(self, live: DatabaseObject, desired: DatabaseObject) -> bool:
        """A type is its fields: names and types, in order."""
        if isinstance(live, DataType) and isinstance(desired, DataType):
            return same_fields(live.fields, desired.fields)
        return live == desired


def same_fields(live: tuple[tuple[str, str], ...], desired: tuple[tuple[str, str], ...]) -> bool:
    return [(n, normalize(t)) for n, t in live] == [(n, normalize(t)) for n, t in desired]
