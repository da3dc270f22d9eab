"""From SpecObjects to the desired model, with every problem Cassandra would refuse later.

Tables and user-defined types (the DataType kind). A table's primary key is a list of lists:
the first is the partition key, the others hold the clustering columns, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from schemahero.drivers.cassandra import attrs, cql_types, properties
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic, Severity, has_errors
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, DataType, Desired, ObjectRef, PrimaryKey, SeedRow, Table
from schemahero.schema.parsing import is_type_name, parse
from schemahero.schema.sql_tables import seed_rows

ENGINE = "cassandra"
PATH = f"spec.schema.{ENGINE}"
_NAME = re.compile(r"[A-Za-z0-9_]+\Z")


def desired(objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
    """The tables, types, deletions and seed rows the specs ask of a keyspace."""
    result = Desired()
    problems: list[Diagnostic] = []
    declared: dict[ObjectRef, str] = {}
    for obj in objects:
        spec, found = parse(obj)
        mine: list[Diagnostic] = []
        if spec is not None and not has_errors(found):
            ref = _ref(spec)
            if ref is not None and ref in declared:
                mine = [Diagnostic("duplicate", f"{ref} is also declared by {declared[ref]}", "spec.name")]
            else:
                mine = list(_add(spec, obj, result))
            if ref is not None:
                declared.setdefault(ref, obj.source)
        problems += found + [d.located(obj.source) for d in mine]
    return result, problems


def _ref(spec: Any) -> ObjectRef | None:
    if isinstance(spec, specs.TableSpec):
        return ObjectRef("table", spec.name)
    if isinstance(spec, specs.DataTypeSpec):
        return ObjectRef("type", spec.name)
    return None


def _add(spec: Any, obj: SpecObject, result: Desired) -> Iterator[Diagnostic]:
    if isinstance(spec, specs.TableSpec):
        yield from _table(spec, obj, result)
    elif isinstance(spec, specs.DataTypeSpec):
        yield from _data_type(spec, obj.source, result)
    else:
        kind = type(spec).__name__.removesuffix("Spec")
        yield Diagnostic(
            "unsupported-kind", f"the {ENGINE} driver manages tables and types, not {kind} objects", "kind"
        )


# --- tables ---------------------------------------------------------------------------------


def _table(spec: specs.TableSpec, obj: SpecObject, result: Desired) -> Iterator[Diagnostic]:
    ref, source = ObjectRef("table", spec.name), obj.source
    block = spec.schema.cassandra if spec.schema else None
    rows = seed_rows(spec.seed_data)
    if block is None:
        yield from _without_block(spec.schema, "table", bool(rows))
        if rows:
            seed_problems = list(check_seeds(rows, None))
            yield from seed_problems
            if not has_errors(seed_problems):
                result.seeds[ref] = rows
        return
    if block.is_deleted:
        result.deleted.append(ref)
        return
    if spec.previous_names:
        message = "Cassandra cannot rename a table: previousNames is not used (the table is created anew)"
        yield Diagnostic("cannot-rename", message, "spec.previousNames", Severity.WARNING)
    problems = list(check_table(block, spec.name))
    problems += list(check_seeds(rows, block))
    named, property_problems = properties.from_spec(block.properties, f"{PATH}.properties")
    problems += property_problems
    yield from problems
    if has_errors(problems):
        return
    result.objects.append(to_model(block, spec.name, named, source, _previous_names(obj)))
    if rows:
        result.seeds[ref] = rows


def _without_block(schemas: Any, kind: str, seeded: bool) -> Iterator[Diagnostic]:
    others = [k for k, v in vars(schemas).items() if v is not None] if schemas is not None else []
    if others:
        yield Diagnostic(
            "other-engine",
            f"no {PATH} block (only {', '.join(others)}): the {kind} is left alone",
            PATH,
            Severity.WARNING,
        )
    elif not seeded:
        yield Diagnostic("missing-schema", f"neither {PATH} nor seedData is given", "spec.schema")


def _previous_names(obj: SpecObject) -> dict[str, tuple[str, ...]]:
    """Column -> the previousNames its spec gives. Not a field of Cassandra columns: read only so
    that a rename it asks for is refused (plan.py), not planned as a drop and an add."""
    block = (obj.spec.get("schema") or {}).get(ENGINE) or {}
    columns = block.get("columns", []) if isinstance(block, dict) else []
    return {
        str(c["name"]): tuple(str(n) for n in c["previousNames"])
        for c in columns
        if isinstance(c, dict) and "name" in c and isinstance(c.get("previousNames"), list)
    }


def to_model(
    block: specs.CassandraTableSchema,
    name: str,
    named: dict[str, Any],
    source: str,
    previous: dict[str, tuple[str, ...]] | None = None,
) -> Table:
    """The table a valid block describes; types stay as written (plans print them so)."""
    partition = tuple(block.primary_key[0])
    clustering = tuple(c for group in block.primary_key[1:] for c in group)
    ordered = block.clustering_order.column if block.clustering_order else ""
    descending = bool(block.clustering_order and block.clustering_order.is_descending)
    order = tuple((c, "desc" if c == ordered and descending else "asc") for c in clustering)
    return Table(
        name=name,
        columns=tuple(
            Column(
                c.name,
                c.type.strip(),
                attrs={attrs.STATIC: True} if c.is_static else {},
                previous_names=(previous or {}).get(c.name, ()),
            )
            for c in block.columns
        ),
        primary_key=PrimaryKey(partition + clustering),
        attrs={
            attrs.PARTITION_KEY: partition,
            attrs.CLUSTERING: order,
            attrs.ORDERED: ordered,
            attrs.PROPERTIES: named,
            attrs.SOURCE: source,
        },
    )


def check_table(block: specs.CassandraTableSchema, name: str) -> Iterator[Diagnostic]:
    """Names, types, the primary key, static columns and the clustering order."""
    if not _NAME.match(name):
        yield Diagnostic("invalid-name", "Cassandra table names hold only letters, digits and _", "spec.name")
    if not block.columns:
        yield Diagnostic("no-columns", "a table needs at least one column", f"{PATH}.columns")
    yield from _check_columns([(c.name, c.type) for c in block.columns], f"{PATH}.columns")
    types = {c.name: c.type for c in block.columns}
    yield from _check_key(block, types)
    clustering = [c for group in block.primary_key[1:] for c in group]
    key = set(block.primary_key[0] if block.primary_key else []) | set(clustering)
    for i, column in enumerate(block.columns):
        if column.is_static and column.name in key:
            yield Diagnostic(
                "invalid-static", "a primary key column cannot be static", f"{PATH}.columns[{i}].isStatic"
            )
        elif column.is_static and not clustering:
            yield Diagnostic(
                "invalid-static",
                "a static column needs a table with clustering columns",
                f"{PATH}.columns[{i}].isStatic",
            )
    order = block.clustering_order
    if order is not None and order.column not in clustering:
        yield Diagnostic(
            "unknown-column",
            f"{order.column!r} is not a clustering column of this table",
            f"{PATH}.clusteringOrder.column",
        )


def _check_columns(columns: list[tuple[str, str]], path: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for i, (name, type_) in enumerate(columns):
        at = f"{path}[{i}]"
        if not name.strip() or "\x00" in name:
            yield Diagnostic("invalid-name", "a name must not be empty or hold a NUL character", f"{at}.name")
        elif name in seen:
            yield Diagnostic("duplicate-column", f"{name!r} is declared twice", f"{at}.name")
        seen.add(name)
        problem = type_problem(type_)
        if problem:
            yield Diagnostic("invalid-type", problem, f"{at}.type")


def type_problem(text: str) -> str:
    """Why `text` is not a CQL type ("" when it is one)."""
    if not is_type_name(text):
        return f"{text!r} is not a type name"
    try:
        cql_types.parse(text)
    except cql_types.TypeSyntaxError as error:
        return f"{text!r} is not a CQL type: {error}"
    return ""


def _check_key(block: specs.CassandraTableSchema, types: dict[str, str]) -> Iterator[Diagnostic]:
    path = f"{PATH}.primaryKey"
    if not block.primary_key or not block.primary_key[0]:
        yield Diagnostic("no-primary-key", "a table needs a partition key: primaryKey: [[column]]", path)
        return
    seen: set[str] = set()
    for g, group in enumerate(block.primary_key):
        if not group:
            yield Diagnostic("invalid-value", "an empty list in the primary key", f"{path}[{g}]")
        for c, column in enumerate(group):
            at = f"{path}[{g}][{c}]"
            if column not in types:
                yield Diagnostic("unknown-column", f"no column named {column!r} in this table", at)
            elif column in seen:
                yield Diagnostic("duplicate-column", f"{column!r} is in the primary key twice", at)
            elif not type_problem(types[column]) and not cql_types.fits_primary_key(types[column]):
                yield Diagnostic(
                    "invalid-key-type",
                    f"{column!r} cannot be in the primary key as {types[column]!r}: counters and "
                    "durations never, collections and user types only frozen<...>",
                    at,
                )
            seen.add(column)


def check_seeds(rows: list[SeedRow], block: specs.CassandraTableSchema | None) -> Iterator[Diagnostic]:
    """Seed rows name known columns and the whole primary key (when the spec gives them)."""
    columns = {c.name for c in block.columns} if block is not None else None
    key = [c for group in block.primary_key for c in group] if block is not None else []
    for r, row in enumerate(rows):
        at = f"spec.seedData.rows[{r}]"
        names = [name for name, _ in row]
        for c, (name, value) in enumerate(row):
            if columns is not None and name not in columns:
                yield Diagnostic(
                    "unknown-column", f"no column named {name!r} in this table", f"{at}.columns[{c}]"
                )
            if isinstance(value, str) and "\x00" in value:
                yield Diagnostic(
                    "invalid-value", "a seed value cannot hold a NUL character", f"{at}.columns[{c}].value"
                )
        missing = [k for k in key if k not in names]
        if missing:
            yield Diagnostic(
                "missing-key", f"a seed row needs every primary key column: {', '.join(missing)} missing", at
            )


# --- user-defined types -----------------------------------------------------------------------


def _data_type(spec: specs.DataTypeSpec, source: str, result: Desired) -> Iterator[Diagnostic]:
    block = spec.schema.cassandra if spec.schema else None
    if block is None:
        yield from _without_block(spec.schema, "type", False)
        return
    ref = ObjectRef("type", spec.name)
    if block.is_deleted:
        result.deleted.append(ref)
        return
    problems: list[Diagnostic] = []
    if not _NAME.match(spec.name):
        problems.append(
            Diagnostic("invalid-name", "Cassandra type names hold only letters, digits and _", "spec.name")
        )
    if not block.fields:
        problems.append(Diagnostic("no-fields", "a type needs at least one field", f"{PATH}.fields"))
    problems += _check_columns([(f.name, f.type) for f in block.fields], f"{PATH}.fields")
    yield from problems
    if not has_errors(problems):
        fields = tuple((f.name, f.type.strip()) for f in block.fields)
        result.objects.append(DataType(spec.name, fields=fields, attrs={attrs.SOURCE: source}))
