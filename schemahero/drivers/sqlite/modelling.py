"""From SpecObjects to the desired model, with every problem SQLite would refuse later."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from schemahero.drivers.sqlite import attrs
from schemahero.drivers.sqlite.digests import spec_digest
from schemahero.drivers.sqlite.normalizing import (
    STRICT_TYPES,
    TYPE_NAME,
    normal_on_delete,
    normalize_type,
    spec_default,
)
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic, has_errors
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Desired, ForeignKey, ObjectRef, SeedRow, Table
from schemahero.schema.parsing import parse, table_block
from schemahero.schema.sql_tables import index_name, seed_rows, to_table


def desired(objects: Sequence[SpecObject], engine: str) -> tuple[Desired, list[Diagnostic]]:
    """The tables, deletions and seed rows the specs ask of an SQLite database."""
    result = Desired()
    problems: list[Diagnostic] = []
    seen: set[ObjectRef] = set()
    for obj in objects:
        spec, found = parse(obj)
        if spec is not None and obj.kind != "Table":
            found.append(
                Diagnostic(
                    "unsupported-kind",
                    f"the {engine} driver manages tables only, not {obj.kind} objects",
                    "kind",
                ).located(obj.source)
            )
        problems += found
        if not isinstance(spec, specs.TableSpec) or has_errors(found):
            continue
        ref = ObjectRef("table", spec.name)
        table_problems = list(_add_table(result, spec, ref, engine, ref in seen))
        seen.add(ref)
        problems += [p.located(obj.source) for p in table_problems]
    return result, problems


def _add_table(
    result: Desired, spec: specs.TableSpec, ref: ObjectRef, engine: str, duplicate: bool
) -> Iterator[Diagnostic]:
    if duplicate:
        yield Diagnostic("duplicate-table", f"table {spec.name!r} is described twice", "spec.name")
        return
    block, path = table_block(spec, engine)
    if block is None and spec.seed_data is None:
        yield Diagnostic(
            "missing-schema", f"neither spec.schema.{engine} nor seedData is given", "spec.schema"
        )
        return
    if block is not None and block.is_deleted:
        result.deleted.append(ref)
        return
    if block is not None:
        problems = list(check_block(block, spec.name, path))
        yield from problems
        if has_errors(problems):
            return
        result.objects.append(to_model(block, spec.name, tuple(spec.previous_names)))
    rows = seed_rows(spec.seed_data)
    seed_problems = list(_check_seeds(rows, block))
    yield from seed_problems
    if rows and not seed_problems:
        result.seeds[ref] = rows


def to_model(block: specs.SqliteTableSchema, name: str, previous_names: tuple[str, ...] = ()) -> Table:
    """The table a valid block describes, normalised as inspection normalises live tables."""
    table = to_table(
        block,
        name,
        normalize_type=normalize_type,
        parse_default=spec_default,
        attrs={attrs.STRICT: block.strict, attrs.SPEC_DIGEST: spec_digest(block, name)},
        previous_names=previous_names,
    )
    key = set(block.primary_key) if block.strict else set()
    return dataclasses.replace(
        table,
        # A STRICT table refuses NULL in its primary key, and says so in its catalog.
        columns=tuple(dataclasses.replace(c, nullable=False) if c.name in key else c for c in table.columns),
        foreign_keys=tuple(_normal_on_delete(fk) for fk in table.foreign_keys),
    )


def _normal_on_delete(fk: ForeignKey) -> ForeignKey:
    return dataclasses.replace(fk, on_delete=normal_on_delete(fk.on_delete))


def check_block(block: specs.SqliteTableSchema, table: str, path: str) -> Iterator[Diagnostic]:
    """What the shared checks leave to SQLite: its type grammar, STRICT types, names."""
    if table.lower().startswith("sqlite_"):
        yield Diagnostic("reserved-name", "names starting with sqlite_ are SQLite's", "spec.name")
    if not block.columns:
        yield Diagnostic("no-columns", "a table needs at least one column", f"{path}.columns")
    for i, column in enumerate(block.columns):
        yield from _check_column(block, column, f"{path}.columns[{i}]")
    names = [i.name or index_name(table, tuple(i.columns)) for i in block.indexes]
    for i, index in enumerate(block.indexes):
        at = f"{path}.indexes[{i}]"
        if not index.columns:
            yield Diagnostic("no-columns", "an index needs at least one column", f"{at}.columns")
        if names[i].lower().startswith("sqlite_"):
            yield Diagnostic("reserved-name", "names starting with sqlite_ are SQLite's", at)
        if names.index(names[i]) != i:
            yield Diagnostic("duplicate-index", f"index {names[i]!r} is declared twice", at)
    for i, fk in enumerate(block.foreign_keys):
        if not fk.columns:
            yield Diagnostic("no-columns", "a foreign key needs columns", f"{path}.foreignKeys[{i}].columns")


def _check_column(block: specs.SqliteTableSchema, column: specs.SqlColumn, at: str) -> Iterator[Diagnostic]:
    declared = normalize_type(column.type)
    if declared and not TYPE_NAME.match(declared):
        yield Diagnostic(
            "invalid-type",
            f"{column.type!r} is not an SQLite type name (words, then an optional (size))",
            f"{at}.type",
        )
    elif block.strict and declared and declared not in STRICT_TYPES:
        allowed = ", ".join(sorted(STRICT_TYPES))
        yield Diagnostic(
            "invalid-type", f"a strict table takes only {allowed}, not {column.type!r}", f"{at}.type"
        )
    if column.default is not None and "\x00" in column.default:
        yield Diagnostic("invalid-value", "a default cannot hold a NUL character", f"{at}.default")
    if "\x00" in column.name:
        yield Diagnostic("invalid-name", "a name cannot hold a NUL character", f"{at}.name")
    auto_increment = column.attributes and column.attributes.auto_increment
    if auto_increment and (block.primary_key != [column.name] or declared != "integer"):
        yield Diagnostic(
            "invalid-auto-increment",
            "SQLite autoincrements only an integer column that is the whole primary key",
            f"{at}.attributes.autoIncrement",
        )


def _check_seeds(rows: list[SeedRow], block: specs.SqliteTableSchema | None) -> Iterator[Diagnostic]:
    columns = {c.name for c in block.columns} if block is not None else None
    for r, row in enumerate(rows):
        if not row:
            yield Diagnostic("no-columns", "a seed row needs columns", f"spec.seedData.rows[{r}]")
        for c, (name, value) in enumerate(row):
            at = f"spec.seedData.rows[{r}].columns[{c}]"
            if columns is not None and name not in columns:
                yield Diagnostic("unknown-column", f"no column named {name!r} in this table", at)
            if isinstance(value, str) and "\x00" in value:
                yield Diagnostic("invalid-value", "a seed value cannot hold a NUL character", f"{at}.value")
