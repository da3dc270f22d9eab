"""Engine hooks of the diff. The defaults fit an engine whose model is already normalised."""

from __future__ import annotations

from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Attrs, Column, DatabaseObject, ForeignKey, Index, PrimaryKey, Table


class Hooks:
    """Override what an engine compares differently; every method is pure."""

    def column_change(self, live: Column, desired: Column) -> ColumnChange:
        """What differs between two columns of the same name."""
        kind = ColumnChange.NONE
        if live.type != desired.type:
            kind |= ColumnChange.TYPE
        if live.nullable != desired.nullable:
            kind |= ColumnChange.NULLABILITY
        if live.default != desired.default:
            kind |= ColumnChange.DEFAULT
        if live.auto_increment != desired.auto_increment:
            kind |= ColumnChange.AUTO_INCREMENT
        if live.attrs != desired.attrs:
            kind |= ColumnChange.ATTRS
        return kind

    def same_index(self, live: Index, desired: Index) -> bool:
        return live == desired

    def same_foreign_key(self, live: ForeignKey, desired: ForeignKey) -> bool:
        return live == desired

    def same_primary_key(self, live: PrimaryKey | None, desired: PrimaryKey | None) -> bool:
        return (live.columns if live else ()) == (desired.columns if desired else ())

    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        keys = sorted(set(live.attrs) | set(desired.attrs))
        return tuple(k for k in keys if live.attrs.get(k) != desired.attrs.get(k))

    def same_object(self, live: DatabaseObject, desired: DatabaseObject) -> bool:
        """Views, functions, extensions and types: equal means nothing to do."""
        return live == desired

    def same_database(self, live: Attrs, wanted: Attrs) -> bool:
        """The database's own attributes (see database.py): `wanted` names only those asked for."""
        return all(live.get(key) == value for key, value in wanted.items())

    def managed_index(self, index: Index) -> bool:
        """Whether a live index may be dropped when the spec does not name it."""
        return True
