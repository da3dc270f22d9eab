"""Typed changes to MySQL statements, each with its hazards: the only place that writes SQL.

The text is upstream's where the corpus shows it: backticks in `create table` and `alter
table`, bare names in index, foreign key, charset and seed statements, `default 'v'` in column
definitions and `default "v"` when a column is modified. MySQL runs every statement in its own
transaction, so no step is transactional.

Within one table: the table's character set first (CONVERT TO rewrites every character column;
table_changes.py says which columns are set again after it), foreign keys and the indexes MySQL
made for them, AUTO_INCREMENT leaving with the primary key, the primary key, indexes, columns
(drops, changes, additions), the new primary key, AUTO_INCREMENT arriving with it, foreign keys
and indexes. A foreign key to a table that the plan creates later is added once it exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from schemahero.driver_api.types import DataCheck, Step, StepKind
from schemahero.drivers._sql import checks
from schemahero.drivers._sql.preflight import Preflight
from schemahero.drivers.mysql import column_types, defaults, table_changes
from schemahero.drivers.mysql.hooks import nullable
from schemahero.drivers.mysql.literals import literal, seed_value
from schemahero.drivers.mysql.quoting import QUOTE
from schemahero.drivers.mysql.table_changes import TableChanges
from schemahero.schema.changes import (
    Change,
    ColumnChange,
    CreateTable,
    DropTable,
    ModifyColumn,
    ModifyDatabase,
    ModifyTable,
    RenameTable,
    UpsertRows,
)
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import Column, Default, ForeignKey, Index, ObjectRef, Table

MAX_NAME = 64
_DOUBLE = '"'


def render(changes: Sequence[Change]) -> list[Step]:
    """The statements of `changes`, in their order."""
    later = {c.table.name: i for i, c in enumerate(changes) if isinstance(c, CreateTable)}
    steps: list[Step] = []
    deferred: list[Step] = []
    preflight = Preflight.of(changes, lambda ref: QUOTE.always(ref.name), QUOTE.always)
    for position, change in enumerate(changes):
        waiting = {name for name, at in later.items() if at > position}
        for step, defer in _render(change, waiting, preflight):
            (deferred if defer else steps).append(step)
    return steps + deferred


def _alter_database(change: ModifyDatabase) -> Step:
    """The database's defaults, as the connection names them."""
    sql = f"alter database {QUOTE.always(change.name)}"
    if change.to.get("charset"):
        sql += f" character set {change.to['charset']}"
    if change.to.get("collation"):
        sql += f" collate {change.to['collation']}"
    return Step(sql, StepKind.ALTER_DATABASE, None, (), transactional=False)


def create_table(table: Table, waiting: Iterable[str] = ()) -> str:
    """`create table` with every column, key and index; foreign keys to `waiting` tables left out."""
    parts = [_definition(c) for c in table.columns]
    if table.primary_key:
        parts.append(f"primary key ({QUOTE.join(table.primary_key.columns, always=True)})")
    parts += [_constraint(fk) for fk in table.foreign_keys if fk.ref_table not in waiting]
    parts += [_key(index) for index in table.indexes]
    sql = f"create table {QUOTE.always(table.name)} ({', '.join(parts)})"
    if table.attrs.get("charset"):
        sql += f" default character set {table.attrs['charset']}"
    if table.attrs.get("collation"):
        sql += f" collate {table.attrs['collation']}"
    return sql


def _render(change: Change, waiting: set[str], preflight: Preflight) -> Iterator[tuple[Step, bool]]:
    match change:
        case ModifyDatabase():
            yield _alter_database(change), False
        case CreateTable(table=table):
            yield _step(create_table(table, waiting), StepKind.CREATE_TABLE, table), False
            for fk in table.foreign_keys:
                if fk.ref_table in waiting:
                    yield _add_foreign_key(table, fk), True
        case DropTable(table=table):
            lost = _hazard(HazardKind.DELETES_DATA, f"drops table {table.name} and its rows")
            yield _step(f"drop table {QUOTE.always(table.name)}", StepKind.DROP_TABLE, table, lost), False
        case ModifyTable():
            yield from _alter(change, waiting, preflight)
        case RenameTable(from_=old, to=new):
            sql = f"rename table {QUOTE.always(old.name)} to {QUOTE.always(new.name)}"
            renames = _hazard(HazardKind.RENAMES, f"renames {old.name}: clients that use the old name fail")
            yield Step(sql, StepKind.RENAME_TABLE, old.ref, (renames,), transactional=False), False
        case UpsertRows():
            yield from ((step, False) for step in _upsert(change))
        case _:
            raise TypeError(f"MySQL has no statement for {type(change).__name__}")


def _alter(change: ModifyTable, waiting: set[str], preflight: Preflight) -> Iterator[tuple[Step, bool]]:
    """The table's statements; those that existing rows may fail carry the checks counting them."""
    parts = TableChanges.of(change)
    table = parts.table
    losing, gaining = table_changes.auto_increment_moves(parts)
    yield from ((step, False) for step in _removals(parts, losing, preflight))
    modified = set(parts.modified)
    for c in parts.modified.values():
        yield from ((s, False) for s in _modify_column(table, c.from_, c.to, c.kind, preflight))
    if parts.converted:
        for column in table_changes.set_again_after_convert(parts.live, table, modified):
            yield from ((s, False) for s in _modify_column(table, column, column, ColumnChange.ATTRS))
    for column in parts.added:
        step = _add_column(table, column)
        yield _checked(step, preflight.rows(table.ref, column.name) if _fails_on_rows(column) else ()), False
    if parts.key and parts.key.to is not None and not table_changes.moves_key_at_once(parts):
        columns = parts.key.to.columns
        yield _checked(_add_primary_key(table, columns), preflight.key_violations(table.ref, columns)), False
    for c in gaining:
        yield from ((s, False) for s in _modify_column(table, c.from_, c.to, c.kind))
    for fk in parts.added_fks:
        orphans = preflight.orphans(table.ref, fk, ObjectRef("table", fk.ref_table))
        yield _checked(_add_foreign_key(table, fk), orphans), fk.ref_table in waiting
    for index in parts.added_indexes:
        found = preflight.duplicates(table.ref, index.columns) if index.unique else ()
        yield _checked(_create_index(table, index), found), False


def _removals(parts: TableChanges, losing: list[ModifyColumn], preflight: Preflight) -> Iterator[Step]:
    """What goes before columns change: renames, the old character set, keys, indexes, columns."""
    table = parts.table
    for old, new in parts.renamed.items():
        sql = _alter_table(table, f"rename column {QUOTE.always(old)} to {QUOTE.always(new)}")
        renames = _hazard(
            HazardKind.RENAMES, f"renames {table.name}.{old}: clients that use the old name fail"
        )
        yield _step(sql, StepKind.ALTER_TABLE, table, renames)
    if parts.converted:
        yield _convert(parts.live, table)
    for fk in parts.dropped_fks:
        yield _step(
            _alter_table(table, f"drop foreign key {QUOTE.always(fk.name)}"), StepKind.ALTER_TABLE, table
        )
    for index in table_changes.indexes_made_for(parts.dropped_fks, parts.live, table):
        yield _drop_index(table, index)
    for c in losing:
        yield from _modify_column(table, c.from_, c.to, c.kind)
    if parts.key and parts.key.from_ is not None:
        moved = parts.key.to is not None and table_changes.moves_key_at_once(parts)
        found = preflight.key_violations(table.ref, parts.key.to.columns) if parts.key.to and moved else ()
        yield _checked(_drop_primary_key(parts), found)
    for index in parts.dropped_indexes:
        yield _drop_index(table, index)
    if len(parts.dropped) == len(parts.live.columns):
        # MySQL keeps at least one column: new ones come first when every old one goes.
        yield from (_add_column(table, column) for column in parts.added)
        parts.added = []
    for column in parts.dropped:
        lost = _hazard(HazardKind.DELETES_DATA, f"drops column {table.name}.{column.name} and its values")
        yield _step(
            _alter_table(table, f"drop column {QUOTE.always(column.name)}"), StepKind.ALTER_TABLE, table, lost
        )


def _drop_primary_key(parts: TableChanges) -> Step:
    table = parts.table
    if parts.key is not None and parts.key.to is not None and table_changes.moves_key_at_once(parts):
        sql = _alter_table(table, f"drop primary key, {_primary_key_clause(table, parts.key.to.columns)}")
        return _step(sql, StepKind.ALTER_TABLE, table, *_primary_key_hazards(table))
    rewrite = _hazard(HazardKind.REWRITES_TABLE, f"rebuilds {table.name} without its primary key")
    return _step(_alter_table(table, "drop primary key"), StepKind.ALTER_TABLE, table, rewrite)


def _convert(live: Table, table: Table) -> Step:
    charset, collation = table_changes.table_charset(live, table)
    sql = f"alter table {QUOTE.when_needed(table.name)} convert to character set {charset}"
    if collation:
        sql += f" collate {collation}"
    hazards = (
        _hazard(HazardKind.REWRITES_TABLE, f"converts every character column of {table.name}"),
        _hazard(HazardKind.MAY_FAIL_ON_DATA, "fails on characters the new character set lacks"),
    )
    return _step(sql, StepKind.ALTER_TABLE, table, *hazards)


def _modify_column(
    table: Table, live: Column, column: Column, kind: ColumnChange, preflight: Preflight | None = None
) -> Iterator[Step]:
    """One MODIFY COLUMN; NOT NULL with a default in three steps: default, backfill, NOT NULL
    (so only a NOT NULL without a default is checked for NULLs)."""
    adding_not_null = live.nullable and not nullable(column)
    found: tuple[DataCheck, ...] = ()
    if preflight is not None:
        found += preflight.nulls(table.ref, column.name) if adding_not_null and column.default is None else ()
        found += _narrowing(preflight, table, live, column) if kind & ColumnChange.TYPE else ()
    if adding_not_null and column.default is not None:
        if not defaults.same(live.default, column.default, column.type):
            yield _step(_modify(table, column, null="null"), StepKind.ALTER_TABLE, table)
        value = _default_value(column.default, _DOUBLE)
        name = QUOTE.always(column.name)
        backfill = f"update {QUOTE.always(table.name)} set {name}={value} where {name} is null"
        writes = _hazard(HazardKind.CHANGES_DATA, f"sets {table.name}.{column.name} where it is NULL")
        yield _step(backfill, StepKind.BACKFILL, table, writes)
    modify = _step(
        _modify(table, column), StepKind.ALTER_TABLE, table, *_modify_hazards(table, live, column, kind)
    )
    yield _checked(modify, found)


def _narrowing(preflight: Preflight, table: Table, live: Column, column: Column) -> tuple[DataCheck, ...]:
    """Values a narrower type refuses, where they can be counted exactly: strings longer than
    a new length, integers outside a smaller integer type."""
    length = column_types.max_length(live.type, column.type)
    if length is not None:
        return preflight.too_long(table.ref, column.name, length)
    old, new = column_types.integer_range(live.type), column_types.integer_range(column.type)
    if old is None or new is None:
        return ()
    before = checks.integer_bounds(old[0], unsigned=old[1])
    after = checks.integer_bounds(new[0], unsigned=new[1])
    if before is None or after is None or (after[0] <= before[0] and before[1] <= after[1]):
        return ()
    name = f"{new[0]} unsigned" if new[1] else new[0]
    return preflight.out_of_range(table.ref, column.name, name, after)


def _modify(table: Table, column: Column, *, null: str = "") -> str:
    null = null or ("" if nullable(column) else "not null")
    parts = [f"modify column {QUOTE.always(column.name)} {column.type}", *_charset(column), null]
    if column.auto_increment:
        parts.append("auto_increment")
    if column.default is not None:
        parts.append(f"default {_default_value(column.default, _DOUBLE)}")
    return _alter_table(table, " ".join(p for p in parts if p))


def _modify_hazards(table: Table, live: Column, column: Column, kind: ColumnChange) -> list[Hazard]:
    where = f"{table.name}.{column.name}"
    hazards = []
    if kind & (ColumnChange.TYPE | ColumnChange.ATTRS | ColumnChange.AUTO_INCREMENT):
        hazards.append(_hazard(HazardKind.REWRITES_TABLE, f"copies {table.name} to change {where}"))
    if kind & (ColumnChange.TYPE | ColumnChange.ATTRS):
        hazards.append(_hazard(HazardKind.MAY_FAIL_ON_DATA, f"fails if values of {where} do not fit"))
    if live.nullable and not nullable(column):
        if column.default is None:
            hazards.append(_hazard(HazardKind.MAY_FAIL_ON_DATA, f"fails if {where} holds NULLs"))
        if not kind & ColumnChange.TYPE:
            hazards.append(
                _hazard(HazardKind.REWRITES_TABLE, f"copies {table.name} to make {where} NOT NULL")
            )
    return hazards


def _fails_on_rows(column: Column) -> bool:
    """MySQL gives a new NOT NULL column without a default its type's zero value, which only
    a JSON column (checked to hold JSON) refuses."""
    return not column.nullable and column.default is None and column.type == "json"


def _add_column(table: Table, column: Column) -> Step:
    sql = _alter_table(table, f"add column {_definition(column)}")
    hazards = []
    if _fails_on_rows(column):
        hazards.append(_hazard(HazardKind.MAY_FAIL_ON_DATA, "existing rows get '', which is not JSON"))
    return _step(sql, StepKind.ALTER_TABLE, table, *hazards)


def _add_primary_key(table: Table, columns: tuple[str, ...]) -> Step:
    sql = _alter_table(table, _primary_key_clause(table, columns))
    return _step(sql, StepKind.ALTER_TABLE, table, *_primary_key_hazards(table))


def _primary_key_clause(table: Table, columns: tuple[str, ...]) -> str:
    name = QUOTE.always(f"{table.name}_pkey"[:MAX_NAME])
    return f"add constraint {name} primary key ({QUOTE.join(columns, always=True)})"


def _primary_key_hazards(table: Table) -> tuple[Hazard, ...]:
    return (
        _hazard(HazardKind.REWRITES_TABLE, f"rebuilds {table.name} around its new primary key"),
        _hazard(HazardKind.MAY_FAIL_ON_DATA, "fails on duplicate or NULL keys"),
    )


def _add_foreign_key(table: Table, fk: ForeignKey) -> Step:
    sql = f"alter table {QUOTE.when_needed(table.name)} add {_constraint(fk)}"
    orphans = _hazard(
        HazardKind.MAY_FAIL_ON_DATA, f"fails if rows of {table.name} reference no {fk.ref_table} row"
    )
    return _step(sql, StepKind.ALTER_TABLE, table, orphans)


def _create_index(table: Table, index: Index) -> Step:
    kind = "unique " if index.unique else f"{index.attrs['type']} " if index.attrs.get("type") else ""
    sql = (
        f"create {kind}index {QUOTE.when_needed(index.name)} on {QUOTE.when_needed(table.name)}"
        f" ({QUOTE.join(index.columns)})"
    )
    hazards = [_hazard(HazardKind.BUILDS_INDEX, f"builds {index.name} over the rows of {table.name}")]
    if index.unique:
        hazards.append(_hazard(HazardKind.MAY_FAIL_ON_DATA, "fails on duplicate values"))
    return _step(sql, StepKind.CREATE_INDEX, table, *hazards)


def _drop_index(table: Table, index: Index) -> Step:
    return _step(_alter_table(table, f"drop index {QUOTE.always(index.name)}"), StepKind.DROP_INDEX, table)


def _upsert(change: UpsertRows) -> Iterator[Step]:
    table = QUOTE.when_needed(change.table.name)
    writes = _hazard(HazardKind.CHANGES_DATA, f"inserts or updates a seed row of {change.table.name}")
    for row in change.rows:
        columns = ", ".join(QUOTE.when_needed(c) for c, _ in row)
        values = ", ".join(seed_value(v) for _, v in row)
        updates = ", ".join(f"{QUOTE.when_needed(c)}={seed_value(v)}" for c, v in row)
        sql = f"insert into {table} ({columns}) values ({values}) on duplicate key update {updates}"
        yield Step(sql, StepKind.UPSERT_ROWS, change.table, (writes,), transactional=False)


def _definition(column: Column) -> str:
    """A column as `create table` and `add column` print it."""
    parts = [f"{QUOTE.always(column.name)} {column.type}", *_charset(column)]
    if not column.nullable:
        parts.append("not null")
    if column.auto_increment:
        parts.append("auto_increment")
    if column.default is not None:
        parts.append(f"default {_default_value(column.default)}")
    return " ".join(parts)


def _charset(column: Column) -> list[str]:
    parts = []
    if column.attrs.get("charset"):
        parts.append(f"character set {column.attrs['charset']}")
    if column.attrs.get("collation"):
        parts.append(f"collate {column.attrs['collation']}")
    return parts


def _constraint(fk: ForeignKey) -> str:
    sql = (
        f"constraint {QUOTE.when_needed(fk.name)} foreign key ({QUOTE.join(fk.columns)})"
        f" references {QUOTE.when_needed(fk.ref_table)} ({QUOTE.join(fk.ref_columns)})"
    )
    return sql + (f" on delete {fk.on_delete}" if fk.on_delete else "")


def _key(index: Index) -> str:
    kind = "unique " if index.unique else f"{index.attrs['type']} " if index.attrs.get("type") else ""
    return f"{kind}key {QUOTE.when_needed(index.name)} ({QUOTE.join(index.columns)})"


def _default_value(default: Default, mark: str = "'") -> str:
    return default.value if default.expression else literal(default.value, mark)


def _alter_table(table: Table, action: str) -> str:
    return f"alter table {QUOTE.always(table.name)} {action}"


def _step(sql: str, kind: StepKind, table: Table, *hazards: Hazard) -> Step:
    return Step(sql, kind, ObjectRef("table", table.name), tuple(hazards), transactional=False)


def _checked(step: Step, found: tuple[DataCheck, ...]) -> Step:
    return replace(step, checks=step.checks + found) if found else step


def _hazard(kind: HazardKind, message: str) -> Hazard:
    return Hazard(kind, message)
