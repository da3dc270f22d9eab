"""Compare the live schema with the desired one, object by object, in spec order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from schemahero.diffing.hooks import Hooks
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    Change,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropForeignKey,
    DropIndex,
    DropObject,
    DropTable,
    ModifyColumn,
    ModifyPrimaryKey,
    ModifyTable,
    ModifyTableAttrs,
    ReplaceObject,
    TableChange,
    UpsertRows,
)
from schemahero.schema.model import DatabaseObject, Desired, ObjectRef, Schema, SeedRow, Table


def diff(
    live: Schema,
    desired: Desired,
    hooks: Hooks,
    present_rows: Mapping[ObjectRef, frozenset[int]] | None = None,
) -> list[Change]:
    """Changes that bring `live` to `desired`, object by object in `desired.refs` order, each
    object's seed rows right after its own change; undeclared live objects are left alone.

    `present_rows[table]` holds the positions of the seed rows that the table already has.
    """
    wanted = {o.ref: o for o in desired.objects}
    deleted = set(desired.deleted)
    changes: list[Change] = []
    for ref in desired.refs:
        current = live.get(ref)
        if ref in wanted:
            changes.extend(_object_changes(current, wanted[ref], hooks))
        elif ref in deleted and current is not None:
            changes.append(DropTable(current) if isinstance(current, Table) else DropObject(current))
        missing = _missing(desired.seeds.get(ref, []), (present_rows or {}).get(ref, frozenset()))
        if missing:
            changes.append(UpsertRows(ref, missing, _primary_key(live, desired, ref)))
    return changes


def _object_changes(current: DatabaseObject | None, obj: DatabaseObject, hooks: Hooks) -> Iterator[Change]:
    if current is None:
        yield CreateTable(obj) if isinstance(obj, Table) else CreateObject(obj)
    elif isinstance(obj, Table) and isinstance(current, Table):
        table_changes = tuple(diff_table(current, obj, hooks))
        if table_changes:
            yield ModifyTable(current, obj, table_changes)
    elif not hooks.same_object(current, obj):
        yield ReplaceObject(current, obj)


def diff_table(live: Table, desired: Table, hooks: Hooks) -> Iterator[TableChange]:
    """Changes inside one table: drops first, then modifications, then additions."""
    wanted_indexes = {i.name: i for i in desired.indexes}
    live_indexes = {i.name: i for i in live.indexes}
    wanted_fks = {f.name: f for f in desired.foreign_keys}
    live_fks = {f.name: f for f in live.foreign_keys}
    wanted_columns = {c.name for c in desired.columns}

    for index in live.indexes:
        wanted = wanted_indexes.get(index.name)
        if (wanted is None and hooks.managed_index(index)) or (
            wanted is not None and not hooks.same_index(index, wanted)
        ):
            yield DropIndex(index)
    for fk in live.foreign_keys:
        wanted_fk = wanted_fks.get(fk.name)
        if wanted_fk is None or not hooks.same_foreign_key(fk, wanted_fk):
            yield DropForeignKey(fk)
    if not hooks.same_primary_key(live.primary_key, desired.primary_key):
        yield ModifyPrimaryKey(live.primary_key, desired.primary_key)
    for column in live.columns:
        if column.name not in wanted_columns:
            yield DropColumn(column)
    for column in desired.columns:
        current = live.column(column.name)
        if current is None:
            yield AddColumn(column)
            continue
        kind = hooks.column_change(current, column)
        if kind != ColumnChange.NONE:
            yield ModifyColumn(current, column, kind)
    keys = hooks.changed_table_attrs(live, desired)
    if keys:
        yield ModifyTableAttrs(keys)
    for fk in desired.foreign_keys:
        current_fk = live_fks.get(fk.name)
        if current_fk is None or not hooks.same_foreign_key(current_fk, fk):
            yield AddForeignKey(fk)
    for index in desired.indexes:
        current_index = live_indexes.get(index.name)
        if current_index is None or not hooks.same_index(current_index, index):
            yield AddIndex(index)


def _missing(rows: list[SeedRow], present: frozenset[int]) -> tuple[SeedRow, ...]:
    return tuple(row for i, row in enumerate(rows) if i not in present)


def _primary_key(live: Schema, desired: Desired, ref: ObjectRef) -> tuple[str, ...]:
    wanted = next((o for o in desired.objects if o.ref == ref), None)
    table = wanted if isinstance(wanted, Table) else live.table(ref)
    return table.primary_key.columns if table and table.primary_key else ()
