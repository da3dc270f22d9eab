"""Compare the live schema with the desired one, object by object, in spec order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from schemahero.diffing.database import DatabaseAttrs, diff_database
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
    RenameColumn,
    RenameTable,
    ReplaceObject,
    TableChange,
    UpsertRows,
)
from schemahero.schema.diagnostics import Diagnostic, SpecError
from schemahero.schema.model import DatabaseObject, Desired, ObjectRef, Schema, SeedRow, Table


def diff(
    live: Schema,
    desired: Desired,
    hooks: Hooks,
    present_rows: Mapping[ObjectRef, frozenset[int]] | None = None,
    database: DatabaseAttrs | None = None,
) -> list[Change]:
    """Changes that bring `live` to `desired`, object by object in `desired.refs` order, each
    object's seed rows right after its own change; undeclared live objects are left alone.

    `present_rows[table]` holds the positions of the seed rows that the table already has;
    `database`, the database's own attributes, when the engine has some (see database.py).
    """
    wanted = {o.ref: o for o in desired.objects}
    deleted = set(desired.deleted)
    changes: list[Change] = [*diff_database(database, hooks)] if database is not None else []
    for ref in desired.refs:
        current = live.get(ref)
        if ref in wanted:
            obj = wanted[ref]
            if isinstance(obj, Table) and (renamed := _renamed_table(live, obj, current)) is not None:
                changes.append(RenameTable(renamed, obj))
                current = dataclasses.replace(renamed, name=obj.name, schema=obj.schema)
            changes.extend(_object_changes(current, obj, hooks))
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
    """Changes inside one table: renames, then drops, modifications, additions."""
    renames = _column_renames(live, desired)
    for old, new in renames.items():
        column = live.column(old)
        assert column is not None
        yield RenameColumn(column, dataclasses.replace(column, name=new))
    live = with_renamed_columns(live, renames)
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


def _renamed_table(live: Schema, desired: Table, current: DatabaseObject | None) -> Table | None:
    """The live table that `desired.previous_names` names, when the table is to be renamed."""
    found = [t for name in desired.previous_names if (t := live.table(_sibling(desired, name)))]
    if not found:
        return None
    where = f"table {desired.name}"
    if current is not None:
        raise _ambiguous(where, f"both {desired.name} and its previous name {found[0].name} exist")
    if len(found) > 1:
        raise _ambiguous(where, f"previous names {' and '.join(t.name for t in found)} all exist")
    return found[0]


def _column_renames(live: Table, desired: Table) -> dict[str, str]:
    """Old name -> new name, for each desired column whose previous name is live and new name not."""
    renames: dict[str, str] = {}
    declared = {c.name for c in desired.columns}
    for column in desired.columns:
        olds = [name for name in column.previous_names if live.column(name) and name not in declared]
        if not olds:
            continue
        where = f"table {desired.name}, column {column.name}"
        if live.column(column.name) is not None:
            raise _ambiguous(where, f"both {column.name} and its previous name {olds[0]} exist")
        if len(olds) > 1 or olds[0] in renames:
            raise _ambiguous(where, f"previous name {' and '.join(olds)} is claimed more than once")
        renames[olds[0]] = column.name
    return renames


def with_renamed_columns(table: Table, renames: Mapping[str, str]) -> Table:
    """`table` as it will be after the renames: columns, keys and indexes use the new names."""
    if not renames:
        return table

    def names(columns: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(renames.get(c, c) for c in columns)

    return dataclasses.replace(
        table,
        columns=tuple(dataclasses.replace(c, name=renames.get(c.name, c.name)) for c in table.columns),
        primary_key=dataclasses.replace(table.primary_key, columns=names(table.primary_key.columns))
        if table.primary_key
        else None,
        indexes=tuple(dataclasses.replace(i, columns=names(i.columns)) for i in table.indexes),
        foreign_keys=tuple(dataclasses.replace(f, columns=names(f.columns)) for f in table.foreign_keys),
    )


def _sibling(table: Table, name: str) -> ObjectRef:
    return ObjectRef("table", name, table.schema)


def _ambiguous(where: str, detail: str) -> SpecError:
    message = f"{where}: cannot tell what to rename: {detail}; rename by hand or fix previousNames"
    return SpecError([Diagnostic("ambiguous-rename", message, "previousNames")])


def _missing(rows: list[SeedRow], present: frozenset[int]) -> tuple[SeedRow, ...]:
    return tuple(row for i, row in enumerate(rows) if i not in present)


def _primary_key(live: Schema, desired: Desired, ref: ObjectRef) -> tuple[str, ...]:
    wanted = next((o for o in desired.objects if o.ref == ref), None)
    table = wanted if isinstance(wanted, Table) else live.table(ref)
    return table.primary_key.columns if table and table.primary_key else ()
