"""How SQLite compares: names are matched by the diff, these compare what a name stands for."""

from __future__ import annotations

from schemahero.diffing import Hooks
from schemahero.drivers.sqlite import attrs
from schemahero.schema.model import ForeignKey, Index, Table

_INDEX_FACTS = (attrs.CONSTRAINT, attrs.PARTIAL, attrs.EXPRESSION)


class SqliteHooks(Hooks):
    def same_index(self, live: Index, desired: Index) -> bool:
        """Same columns and uniqueness; a partial or expression index is never what a spec says."""
        return (
            live.columns == desired.columns
            and live.unique == desired.unique
            and all(bool(live.attrs.get(k)) == bool(desired.attrs.get(k)) for k in _INDEX_FACTS)
        )

    def same_foreign_key(self, live: ForeignKey, desired: ForeignKey) -> bool:
        """SQLite names are case-insensitive; the actions are already normalised."""
        return (
            [c.lower() for c in live.columns] == [c.lower() for c in desired.columns]
            and live.ref_table.lower() == desired.ref_table.lower()
            and [c.lower() for c in live.ref_columns] == [c.lower() for c in desired.ref_columns]
            and live.on_delete == desired.on_delete
        )

    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        """Only STRICT is a property of the table; the spec digest only names a rebuild."""
        same = bool(live.attrs.get(attrs.STRICT)) == bool(desired.attrs.get(attrs.STRICT))
        return () if same else (attrs.STRICT,)

    def managed_index(self, index: Index) -> bool:
        """An index no spec can describe is no spec's to drop."""
        return attrs.DEFINITION not in index.attrs
