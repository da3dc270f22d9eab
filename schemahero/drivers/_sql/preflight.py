"""Which pre-flight checks a table change needs, named as the tables are before the plan.

Checks are counted before the first statement of a plan runs, so they name tables and columns
as they are then: before the plan's renames, and never a table or column the plan creates
(there is nothing to count in those, and the query would fail). An engine builds one
`Preflight` per plan, with its own quoting, and asks it for the checks of the steps it writes;
what each engine's statements really fail on (a backfill first, a default) stays its call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from schemahero.driver_api.types import DataCheck
from schemahero.drivers._sql import checks
from schemahero.drivers._sql.checks import Name
from schemahero.schema.changes import AddColumn, Change, CreateTable, ModifyTable, RenameColumn, RenameTable
from schemahero.schema.model import ForeignKey, ObjectRef

TableQuoter = Callable[[ObjectRef], str]
"""A table's name, quoted (and qualified) as the engine writes it."""


@dataclass
class Preflight:
    """What a plan's changes rename and create, and the checks that follow from it."""

    quote_table: TableQuoter
    quote_column: Callable[[str], str]
    renamed_tables: dict[ObjectRef, str] = field(default_factory=dict)
    """New table -> its name before the plan."""
    renamed_columns: dict[ObjectRef, dict[str, str]] = field(default_factory=dict)
    """Table (new name) -> new column name -> its name before the plan."""
    created: set[ObjectRef] = field(default_factory=set)
    added: dict[ObjectRef, set[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, changes: Sequence[Change], quote_table: TableQuoter, quote_column: Callable[[str], str]
    ) -> Preflight:
        found = cls(quote_table, quote_column)
        for change in changes:
            match change:
                case RenameTable(from_=old, to=new):
                    found.renamed_tables[new.ref] = old.name
                case CreateTable(table=table):
                    found.created.add(table.ref)
                case ModifyTable(to=table, changes=inner):
                    found.renamed_columns[table.ref] = {
                        c.to.name: c.from_.name for c in inner if isinstance(c, RenameColumn)
                    }
                    found.added[table.ref] = {c.column.name for c in inner if isinstance(c, AddColumn)}
        return found

    def table(self, ref: ObjectRef) -> Name | None:
        """The table as it is before the plan; None when the plan creates it."""
        if ref in self.created:
            return None
        name = self.renamed_tables.get(ref, ref.name)
        before = ObjectRef(ref.kind, name, ref.schema)
        return Name(self.quote_table(before), f"{ref.schema}.{name}" if ref.schema else name)

    def columns(self, ref: ObjectRef, names: Sequence[str]) -> list[Name] | None:
        """The columns as they are before the plan; None when the plan adds one of them."""
        if ref in self.created or set(names) & self.added.get(ref, set()):
            return None
        renamed = self.renamed_columns.get(ref, {})
        return [Name(self.quote_column(renamed.get(n, n)), renamed.get(n, n)) for n in names]

    # --- the checks ---------------------------------------------------------------------------

    def nulls(self, ref: ObjectRef, column: str) -> tuple[DataCheck, ...]:
        return self._on(ref, (column,), lambda t, c: checks.nulls(t, c[0]))

    def rows(self, ref: ObjectRef, column: str) -> tuple[DataCheck, ...]:
        """A new NOT NULL column without a default: every row fails it."""
        table = self.table(ref)
        return () if table is None else (checks.rows(table, Name(self.quote_column(column), column)),)

    def duplicates(self, ref: ObjectRef, columns: Sequence[str], *, where: str = "") -> tuple[DataCheck, ...]:
        """`where` (a partial index's predicate) names columns as the spec does: it cannot be
        read before the plan renames them, so such an index is not checked."""
        if where and self.renamed_columns.get(ref):
            return ()
        return self._on(ref, columns, lambda t, c: checks.duplicates(t, c, where=where))

    def key_violations(self, ref: ObjectRef, columns: Sequence[str]) -> tuple[DataCheck, ...]:
        return self._on(ref, columns, checks.key_violations)

    def orphans(self, ref: ObjectRef, fk: ForeignKey, parent: ObjectRef) -> tuple[DataCheck, ...]:
        table, columns = self.table(ref), self.columns(ref, fk.columns)
        target, ref_columns = self.table(parent), self.columns(parent, fk.ref_columns)
        if table is None or columns is None or target is None or ref_columns is None:
            return ()
        return (checks.orphans(table, columns, target, ref_columns),)

    def too_long(self, ref: ObjectRef, column: str, length: int) -> tuple[DataCheck, ...]:
        return self._on(ref, (column,), lambda t, c: checks.too_long(t, c[0], length))

    def out_of_range(
        self, ref: ObjectRef, column: str, type_name: str, bounds: tuple[int, int]
    ) -> tuple[DataCheck, ...]:
        return self._on(ref, (column,), lambda t, c: checks.out_of_range(t, c[0], type_name, *bounds))

    def _on(
        self, ref: ObjectRef, names: Sequence[str], build: Callable[[Name, list[Name]], DataCheck]
    ) -> tuple[DataCheck, ...]:
        table, columns = self.table(ref), self.columns(ref, names)
        return () if table is None or columns is None else (build(table, columns),)
