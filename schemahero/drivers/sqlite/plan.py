"""Typed changes to SQLite statements, each with its hazards: the only place that writes SQL.

SQLite alters little in place (add a column, drop a column, indexes). Everything else (a type,
nullability, a default, the primary key, foreign keys, a UNIQUE constraint, STRICT) rebuilds the
table the way upstream does: rename it away, create it anew, copy the rows, drop the old one,
inside a transaction of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from schemahero.diffing import with_renamed_columns
from schemahero.driver_api.types import DataCheck, Step, StepKind
from schemahero.drivers._sql import literal
from schemahero.drivers._sql.preflight import Preflight
from schemahero.drivers.sqlite import attrs
from schemahero.drivers.sqlite.digests import model_digest
from schemahero.drivers.sqlite.quoting import QUOTE
from schemahero.schema.changes import (
    AddColumn,
    AddIndex,
    Change,
    ColumnChange,
    CreateTable,
    DropColumn,
    DropIndex,
    DropTable,
    ModifyColumn,
    ModifyTable,
    RenameColumn,
    RenameTable,
    TableChange,
    UpsertRows,
)
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import Column, Default, ForeignKey, Index, Table

_WORD = re.compile(r"[A-Za-z_]+\Z")


def render(changes: Sequence[Change]) -> list[Step]:
    """The statements of `changes`, in their order."""
    preflight = Preflight.of(changes, lambda ref: QUOTE.always(ref.name), QUOTE.always)
    return [step for change in changes for step in _render(change, preflight)]


def _render(change: Change, preflight: Preflight) -> list[Step]:
    match change:
        case CreateTable(table=table):
            return [
                Step(create_table(table), StepKind.CREATE_TABLE, table.ref),
                *(_create_index(table, index, empty=True) for index in table.indexes),
            ]
        case DropTable(table=table):
            lost = Hazard(HazardKind.DELETES_DATA, f"drops table {table.name} and its rows")
            return [
                Step(f"drop table {QUOTE.when_needed(table.name)}", StepKind.DROP_TABLE, table.ref, (lost,))
            ]
        case ModifyTable():
            renames, change = _renames_first(change)
            if needs_rebuild(change):
                return renames + rebuild(change, preflight)
            return renames + list(_alter(change, preflight))
        case RenameTable(from_=old, to=new):
            sql = f"alter table {QUOTE.always(old.name)} rename to {QUOTE.always(new.name)}"
            renamed = Hazard(HazardKind.RENAMES, f"renames {old.name}: clients that use the old name fail")
            return [Step(sql, StepKind.RENAME_TABLE, old.ref, (renamed,))]
        case UpsertRows():
            return _upsert(change)
    raise TypeError(f"SQLite has no statement for {type(change).__name__}")


def _renames_first(change: ModifyTable) -> tuple[list[Step], ModifyTable]:
    """Column renames run in place first (SQLite keeps their data and indexes); what is left is
    planned against the table as the renames leave it."""
    renames = {c.from_.name: c.to.name for c in change.changes if isinstance(c, RenameColumn)}
    if not renames:
        return [], change
    name = QUOTE.always(change.to.name)
    steps = [
        Step(
            f"alter table {name} rename column {QUOTE.always(old)} to {QUOTE.always(new)}",
            StepKind.ALTER_TABLE,
            change.to.ref,
            (
                Hazard(
                    HazardKind.RENAMES, f"renames {change.to.name}.{old}: clients that use the old name fail"
                ),
            ),
        )
        for old, new in renames.items()
    ]
    rest = tuple(c for c in change.changes if not isinstance(c, RenameColumn))
    return steps, ModifyTable(with_renamed_columns(change.from_, renames), change.to, rest)


# --- create -------------------------------------------------------------------------------


def create_table(table: Table) -> str:
    """`create table "t" ("c" type ..., primary key (...), constraint ... foreign key ...)`."""
    inline_key = any(c.auto_increment for c in table.columns)
    parts = [column_definition(c) for c in table.columns]
    if table.primary_key and not inline_key:
        parts.append(f"primary key ({QUOTE.join(table.primary_key.columns, always=True)})")
    parts += [_foreign_key(fk) for fk in table.foreign_keys]
    strict = " strict" if table.attrs.get(attrs.STRICT) else ""
    return f"create table {QUOTE.always(table.name)} ({', '.join(parts)}){strict}"


def column_definition(column: Column) -> str:
    """`"name" type not null default 'x'`; AUTOINCREMENT makes the column the primary key."""
    parts = [QUOTE.always(column.name)]
    if column.type:
        parts.append(column.type)
    if not column.nullable:
        parts.append("not null")
    if column.auto_increment:
        parts.append("primary key autoincrement")
    if column.default is not None:
        parts.append(f"default {_default(column.default)}")
    return " ".join(parts)


def _default(default: Default) -> str:
    if not default.expression:
        return literal(default.value)
    return default.value if _WORD.match(default.value) else f"({default.value})"


def _foreign_key(fk: ForeignKey) -> str:
    text = (
        f"constraint {QUOTE.when_needed(fk.name)} foreign key ({QUOTE.join(fk.columns)})"
        f" references {QUOTE.when_needed(fk.ref_table)} ({QUOTE.join(fk.ref_columns)})"
    )
    return f"{text} on delete {fk.on_delete}" if fk.on_delete else text


def _create_index(table: Table, index: Index, *, empty: bool = False) -> Step:
    """The index; on a table created by the same plan there are no rows to build or to fail on."""
    unique = "unique " if index.unique else ""
    sql = (
        f"create {unique}index {QUOTE.when_needed(index.name)}"
        f" on {QUOTE.when_needed(table.name)} ({QUOTE.join(index.columns)})"
    )
    if empty:
        return Step(sql, StepKind.CREATE_INDEX, table.ref)
    hazards = [Hazard(HazardKind.BUILDS_INDEX, f"builds index {index.name} over the rows")]
    if index.unique:
        hazards.append(Hazard(HazardKind.MAY_FAIL_ON_DATA, f"fails if {table.name} has duplicate values"))
    return Step(sql, StepKind.CREATE_INDEX, table.ref, tuple(hazards))


def _drop_index(table: Table, index: Index) -> Step:
    # Upstream guards only the drop of a unique index; plans keep its text.
    guard = "if exists " if index.unique else ""
    return Step(f"drop index {guard}{QUOTE.when_needed(index.name)}", StepKind.DROP_INDEX, table.ref)


# --- alter in place -----------------------------------------------------------------------


def needs_rebuild(change: ModifyTable) -> bool:
    """Whether SQLite's ALTER TABLE cannot make one of the table's changes."""
    return not all(_in_place(c, change.from_) for c in change.changes)


def _in_place(change: TableChange, live: Table) -> bool:
    match change:
        case AddIndex():
            return True
        case DropIndex(index=index):
            return not index.attrs.get(attrs.CONSTRAINT)
        case AddColumn(column=column):
            return _addable(column)
        case DropColumn(column=column):
            return _droppable(column.name, live)
    return False


def _addable(column: Column) -> bool:
    """ADD COLUMN takes neither NOT NULL without a default nor a default that is not constant."""
    if column.auto_increment or (column.default is not None and column.default.expression):
        return False
    return column.nullable or column.default is not None


def _droppable(name: str, live: Table) -> bool:
    """DROP COLUMN refuses key columns, UNIQUE columns and foreign key columns."""
    if live.primary_key and name in live.primary_key.columns:
        return False
    if any(name in fk.columns for fk in live.foreign_keys):
        return False
    return not any(name in i.columns for i in live.indexes if i.attrs.get(attrs.CONSTRAINT))


def _alter(change: ModifyTable, preflight: Preflight) -> Iterator[Step]:
    """Index drops, column additions, column drops (a table must keep a column), index adds."""
    table, name = change.to, QUOTE.always(change.to.name)
    for c in change.changes:
        if isinstance(c, DropIndex):
            yield _drop_index(change.from_, c.index)
    for c in change.changes:
        if isinstance(c, AddColumn):
            sql = f"alter table {name} add column {column_definition(c.column)}"
            yield Step(sql, StepKind.ALTER_TABLE, table.ref)
    for c in change.changes:
        if isinstance(c, DropColumn):
            lost = Hazard(HazardKind.DELETES_DATA, f"drops column {c.column.name} and its values")
            sql = f"alter table {name} drop column {QUOTE.always(c.column.name)}"
            yield Step(sql, StepKind.ALTER_TABLE, table.ref, (lost,))
    for c in change.changes:
        if isinstance(c, AddIndex):
            found = preflight.duplicates(table.ref, c.index.columns) if c.index.unique else ()
            yield _checked(_create_index(table, c.index), found)


# --- rebuild ------------------------------------------------------------------------------


def rebuild(change: ModifyTable, preflight: Preflight) -> list[Step]:
    """Rename away, create anew with its indexes, copy the shared columns, drop the old table.

    The renamed table keeps its indexes and their names, so the live indexes created again
    (those the spec names, and those no spec can describe) are dropped first. The copy is what
    existing rows may fail: it carries the checks that count them.
    """
    live, want = change.from_, change.to
    ref, table = want.ref, QUOTE.when_needed(want.name)
    old = f"{want.name}_{want.attrs.get(attrs.SPEC_DIGEST) or model_digest(want)}"
    wanted = {i.name for i in want.indexes}
    kept = [i for i in live.indexes if attrs.DEFINITION in i.attrs and i.name not in wanted]
    shared = [c.name for c in want.columns if live.column(c.name) is not None]
    steps = [Step("begin transaction", StepKind.BEGIN, ref)]
    steps += [
        _drop_index(live, i)
        for i in live.indexes
        if (i.name in wanted and not i.attrs.get(attrs.CONSTRAINT)) or i in kept
    ]
    steps += [
        Step(
            f"alter table {QUOTE.always(want.name)} rename to {QUOTE.always(old)}",
            StepKind.REBUILD_TABLE,
            ref,
        ),
        Step(create_table(want), StepKind.REBUILD_TABLE, ref),
        *(_create_index(want, index) for index in want.indexes),
        *(Step(i.attrs[attrs.DEFINITION], StepKind.CREATE_INDEX, ref) for i in kept),
    ]
    if shared:
        columns = QUOTE.join(shared)
        sql = f"insert into {table} ({columns}) select {columns} from {QUOTE.when_needed(old)}"
        copy = Step(sql, StepKind.REBUILD_TABLE, ref, _copy_hazards(change))
        steps.append(_checked(copy, _copy_checks(change, preflight)))
    lost = [c.name for c in live.columns if want.column(c.name) is None]
    drop_hazards = (
        (Hazard(HazardKind.DELETES_DATA, f"drops the values of {', '.join(lost)}"),) if lost else ()
    )
    steps.append(Step(f"drop table {QUOTE.when_needed(old)}", StepKind.REBUILD_TABLE, ref, drop_hazards))
    steps.append(Step("commit", StepKind.COMMIT, ref))
    return steps


def _copy_hazards(change: ModifyTable) -> tuple[Hazard, ...]:
    hazards = [Hazard(HazardKind.REWRITES_TABLE, f"copies every row of {change.to.name}")]
    reasons = list(_copy_may_fail(change))
    if reasons:
        hazards.append(Hazard(HazardKind.MAY_FAIL_ON_DATA, f"fails if {'; '.join(reasons)}"))
    return tuple(hazards)


def _copy_checks(change: ModifyTable, preflight: Preflight) -> tuple[DataCheck, ...]:
    """Rows the copy fails on: NULLs copied into a NOT NULL column (its default does not
    replace a NULL that is inserted), rows that get nothing for a new NOT NULL column without
    a default, and duplicates under a new UNIQUE index or primary key (SQLite lets a primary
    key other than the rowid hold NULLs, and foreign keys are not enforced)."""
    live, want, ref = change.from_, change.to, change.to.ref
    found: list[DataCheck] = []
    for column in want.columns:
        current = live.column(column.name)
        if not column.nullable and current is not None and current.nullable:
            found += preflight.nulls(ref, column.name)
        elif not column.nullable and current is None and column.default is None and not column.auto_increment:
            found += preflight.rows(ref, column.name)
    live_unique = {i.columns for i in live.indexes if i.unique}
    keys = [i.columns for i in want.indexes if i.unique and i.columns not in live_unique]
    live_key = live.primary_key.columns if live.primary_key else ()
    if want.primary_key and want.primary_key.columns != live_key and want.primary_key.columns not in keys:
        keys.append(want.primary_key.columns)
    for columns in keys:
        found += preflight.duplicates(ref, columns)
    return tuple(found)


def _checked(step: Step, found: tuple[DataCheck, ...]) -> Step:
    return replace(step, checks=step.checks + found) if found else step


def _copy_may_fail(change: ModifyTable) -> Iterator[str]:
    live, want = change.from_, change.to
    for column in want.columns:
        current = live.column(column.name)
        if not column.nullable and (current.nullable if current else column.default is None):
            yield f"{column.name} has NULLs"
    if want.attrs.get(attrs.STRICT):
        for c in change.changes:
            if isinstance(c, ModifyColumn) and c.kind & ColumnChange.TYPE:
                yield f"a value of {c.to.name} is not a {c.to.type}"
        if not live.attrs.get(attrs.STRICT):
            yield "a value does not have its column's strict type"
    live_unique = {i.columns for i in live.indexes if i.unique}
    for index in want.indexes:
        if index.unique and index.columns not in live_unique:
            yield f"({', '.join(index.columns)}) has duplicates"
    alias = _rowid_alias(want)
    if alias and alias != _rowid_alias(live):
        yield f"a value of {alias} is not an integer (it becomes the rowid)"
    live_key = live.primary_key.columns if live.primary_key else ()
    if want.primary_key and want.primary_key.columns != live_key:
        yield f"({', '.join(want.primary_key.columns)}) has duplicates"


def _rowid_alias(table: Table) -> str:
    """The INTEGER PRIMARY KEY column, which holds only integers: it is the rowid."""
    key = table.primary_key.columns if table.primary_key else ()
    column = table.column(key[0]) if len(key) == 1 else None
    return column.name if column is not None and column.type == "integer" else ""


# --- seed rows ----------------------------------------------------------------------------


def _upsert(change: UpsertRows) -> list[Step]:
    table = QUOTE.when_needed(change.table.name)
    writes = Hazard(HazardKind.CHANGES_DATA, f"writes a seed row of {change.table.name}")
    return [
        Step(
            f"replace into {table} ({QUOTE.join([name for name, _ in row])})"
            f" values ({', '.join(literal(value) for _, value in row)})",
            StepKind.UPSERT_ROWS,
            change.table,
            (writes,),
        )
        for row in change.rows
    ]
