"""Typed changes to CQL statements, each with its hazards: the only place that writes CQL.

Cassandra alters little: it adds and drops columns, sets table properties and adds fields to a
type. A change it cannot make (a column's type, the primary key, a static flag, a type's
existing fields) is refused: rendering raises SpecError with one diagnostic per change, and the
plan comes back with those diagnostics and no statement. Types are created before the tables
that may use them and dropped after the tables that did.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from schemahero.driver_api.types import Step, StepKind
from schemahero.drivers._sql import literal
from schemahero.drivers.cassandra import attrs, properties
from schemahero.drivers.cassandra.cql_types import normalize
from schemahero.drivers.cassandra.hooks import same_fields
from schemahero.drivers.cassandra.quoting import QUOTE
from schemahero.schema.changes import (
    AddColumn,
    Change,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropObject,
    DropTable,
    ModifyColumn,
    ModifyTable,
    ModifyTableAttrs,
    RenameColumn,
    ReplaceObject,
    UpsertRows,
)
from schemahero.schema.diagnostics import Diagnostic, SpecError
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import Column, DataType, Table

PATH = "spec.schema.cassandra"
KEY_ATTRS = (attrs.PARTITION_KEY, attrs.CLUSTERING)


def render(changes: Sequence[Change], keyspace: str = "") -> list[Step]:
    """The statements of `changes`; seed rows name their table in `keyspace`, as upstream does."""
    first: list[Step] = []
    middle: list[Step] = []
    last: list[Step] = []
    refusals: list[Diagnostic] = []
    for change in changes:
        match change:
            case CreateObject(object=DataType() as type_):
                first.append(Step(create_type(type_), StepKind.CREATE_OBJECT, type_.ref, transactional=False))
            case ReplaceObject(from_=DataType() as live, to=DataType() as wanted):
                first += _alter_type(live, wanted, refusals)
            case DropObject(object=DataType() as type_):
                sql = f"drop type {QUOTE.always(type_.name)}"
                last.append(Step(sql, StepKind.DROP_OBJECT, type_.ref, transactional=False))
            case CreateTable(table=table):
                middle.append(
                    Step(create_table(table), StepKind.CREATE_TABLE, table.ref, transactional=False)
                )
            case DropTable(table=table):
                lost = Hazard(HazardKind.DELETES_DATA, f"drops table {table.name} and its rows")
                sql = f"drop table {QUOTE.always(table.name)}"
                middle.append(Step(sql, StepKind.DROP_TABLE, table.ref, (lost,), transactional=False))
            case ModifyTable():
                middle += _alter_table(change, refusals)
            case UpsertRows():
                middle += _upsert(change, keyspace, refusals)
            case _:
                raise TypeError(f"Cassandra has no statement for {change!r}")
    if refusals:
        raise SpecError(refusals)
    return first + middle + last


# --- tables -------------------------------------------------------------------------------------


def create_table(table: Table) -> str:
    """`create table "t" (c type [static], ..., primary key ((p, q), c)) with ...`."""
    parts = [_column(c) for c in table.columns]
    parts.append(f"primary key ({key_text(table)})")
    clauses = []
    ordered = str(table.attrs.get(attrs.ORDERED, ""))
    if ordered:
        clustering = list(table.attrs[attrs.CLUSTERING])
        upto = [c for c, _ in clustering].index(ordered) + 1
        order = ", ".join(f"{QUOTE.when_needed(c)} {o}" for c, o in clustering[:upto])
        clauses.append(f"clustering order by ({order})")
    clauses += properties.render(table.attrs.get(attrs.PROPERTIES, {}), alter=False)
    with_ = f" with {' AND '.join(clauses)}" if clauses else ""
    return f"create table {QUOTE.always(table.name)} ({', '.join(parts)}){with_}"


def key_text(table: Table) -> str:
    """`id`, `id, ts` or `(a, b), ts`: the partition key in parentheses when it has parts."""
    partition = tuple(table.attrs.get(attrs.PARTITION_KEY, ()))
    clustering = [c for c, _ in table.attrs.get(attrs.CLUSTERING, ())]
    head = QUOTE.join(partition)
    return ", ".join(
        [head if len(partition) == 1 else f"({head})", *(QUOTE.when_needed(c) for c in clustering)]
    )


def _column(column: Column) -> str:
    static = " static" if column.attrs.get(attrs.STATIC) else ""
    return f"{QUOTE.when_needed(column.name)} {column.type}{static}"


def _alter_table(change: ModifyTable, refusals: list[Diagnostic]) -> Iterator[Step]:
    live, table = change.from_, change.to
    name = QUOTE.always(table.name)
    for c in change.changes:
        match c:
            case DropColumn(column=column):
                lost = Hazard(HazardKind.DELETES_DATA, f"drops column {column.name} and its values")
                sql = f"alter table {name} drop {QUOTE.when_needed(column.name)}"
                yield Step(sql, StepKind.ALTER_TABLE, table.ref, (lost,), transactional=False)
            case AddColumn(column=column):
                refusals += _readd(live, table, column)
                sql = f"alter table {name} add {_column(column)}"
                yield Step(sql, StepKind.ALTER_TABLE, table.ref, transactional=False)
            case ModifyColumn():
                refusals.append(_column_refusal(table, c))
            case RenameColumn(from_=old, to=new):
                refusals.append(
                    _refusal(
                        table,
                        "cannot-rename",
                        f"Cassandra cannot rename column {old.name} of {table.name} to {new.name}: CQL "
                        "renames only primary key columns, and this driver renames none; add the new "
                        "column, copy the values, then drop the old one (or remove previousNames)",
                        f"{PATH}.columns[{_position(table, new.name)}].previousNames",
                    )
                )
            case ModifyTableAttrs(keys=keys):
                if any(key in KEY_ATTRS for key in keys):
                    refusals.append(_key_refusal(live, table))
                names = [k.removeprefix(f"{attrs.PROPERTIES}.") for k in keys if k not in KEY_ATTRS]
                wanted = table.attrs.get(attrs.PROPERTIES, {})
                changed = properties.render({n: wanted[n] for n in names}, alter=True)
                if changed:
                    sql = f"alter table {QUOTE.when_needed(table.name)} with {' and '.join(changed)}"
                    yield Step(sql, StepKind.ALTER_TABLE, table.ref, transactional=False)
            case _:
                raise TypeError(f"Cassandra has no statement for {c!r}")


def _readd(live: Table, table: Table, column: Column) -> list[Diagnostic]:
    """Cassandra remembers the type of a dropped column and takes it back with that type only
    (or text over ascii)."""
    dropped = live.attrs.get(attrs.DROPPED, {}).get(column.name)
    wanted = normalize(column.type)
    if dropped is None or normalize(dropped) == wanted or (wanted, normalize(dropped)) == ("text", "ascii"):
        return []
    return [
        _refusal(
            table,
            "cannot-readd-column",
            f"Cassandra cannot add column {column.name} as {column.type}: it remembers a dropped column "
            f"{column.name} of type {dropped} and adds it back with that type only",
            f"{PATH}.columns[{_position(table, column.name)}].type",
        )
    ]


def _column_refusal(table: Table, change: ModifyColumn) -> Diagnostic:
    name, at = change.to.name, f"{PATH}.columns[{_position(table, change.to.name)}]"
    if change.kind & ColumnChange.TYPE:
        return _refusal(
            table,
            "cannot-change-type",
            f"Cassandra cannot change the type of column {name} ({change.from_.type} to {change.to.type}): "
            "it has no statement for it; add a column with a new name and copy the values",
            f"{at}.type",
        )
    return _refusal(
        table,
        "cannot-change-static",
        f"Cassandra cannot make the existing column {name} "
        + ("static" if change.to.attrs.get(attrs.STATIC) else "not static"),
        f"{at}.isStatic",
    )


def _key_refusal(live: Table, table: Table) -> Diagnostic:
    return _refusal(
        table,
        "cannot-change-key",
        f"Cassandra cannot change the primary key of table {table.name} (({key_text(live)}) to "
        f"({key_text(table)}), clustering order included): create a new table and copy the rows",
        f"{PATH}.primaryKey",
    )


def _position(table: Table, column: str) -> int:
    return next(i for i, c in enumerate(table.columns) if c.name == column)


def _refusal(obj: Table | DataType, code: str, message: str, path: str) -> Diagnostic:
    return Diagnostic(code, message, path, source=str(obj.attrs.get(attrs.SOURCE, "")))


# --- types ------------------------------------------------------------------------------------


def create_type(type_: DataType) -> str:
    fields = ", ".join(f"{QUOTE.when_needed(n)} {t}" for n, t in type_.fields)
    return f"create type {QUOTE.always(type_.name)} ({fields})"


def _alter_type(live: DataType, wanted: DataType, refusals: list[Diagnostic]) -> list[Step]:
    """Fields added at the end; any other change to a type is refused."""
    kept = wanted.fields[: len(live.fields)]
    if not same_fields(live.fields, kept):
        have = ", ".join(f"{n} {t}" for n, t in live.fields)
        refusals.append(
            _refusal(
                wanted,
                "cannot-change-type",
                f"Cassandra cannot drop, reorder or retype the fields of type {wanted.name} ({have}): "
                "it only adds fields at the end",
                f"{PATH}.fields",
            )
        )
        return []
    name = QUOTE.always(wanted.name)
    return [
        Step(
            f"alter type {name} add {QUOTE.when_needed(n)} {t}",
            StepKind.REPLACE_OBJECT,
            wanted.ref,
            transactional=False,
        )
        for n, t in wanted.fields[len(live.fields) :]
    ]


# --- seed rows --------------------------------------------------------------------------------


def _upsert(change: UpsertRows, keyspace: str, refusals: list[Diagnostic]) -> list[Step]:
    """INSERT replaces a row with the same key: that is how a seed row that differs is fixed."""
    name = change.table.name
    if not change.primary_key:
        message = f"table {name} does not exist and no spec creates it: its seed rows have nowhere to go"
        refusals.append(Diagnostic("unknown-table", message, "spec.seedData"))
        return []
    table = ".".join(QUOTE.when_needed(n) for n in (keyspace, name) if n)
    writes = Hazard(HazardKind.CHANGES_DATA, f"writes a seed row of {name} (replacing the row of its key)")
    steps = []
    for row in change.rows:
        missing = [k for k in change.primary_key if k not in dict(row)]
        if missing:
            message = f"a seed row of {name} needs every primary key column: {', '.join(missing)} missing"
            refusals.append(Diagnostic("missing-key", message, "spec.seedData.rows"))
            continue
        columns = ", ".join(QUOTE.when_needed(c) for c, _ in row)
        values = ", ".join(literal(v) for _, v in row)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"
        steps.append(Step(sql, StepKind.UPSERT_ROWS, change.table, (writes,), transactional=False))
    return steps
