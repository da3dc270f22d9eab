"""From Table specs to the model MySQL compares: `spec.schema.mysql` blocks and seed rows."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from typing import Any

from schemahero.drivers.mysql import column_types, defaults
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic, has_errors
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Default, Desired, ObjectRef, Table
from schemahero.schema.parsing import parse, table_block
from schemahero.schema.sql_tables import index_name, seed_rows, to_table

_NAME = re.compile(r"[A-Za-z0-9_]+\Z")

MAX_NAME = 64
"""The longest identifier MySQL accepts; upstream cuts generated index names to it."""

BLOCK = "mysql"
"""Both engines, mysql and mariadb, read `spec.schema.mysql`."""


def desired(objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
    """The model the specs ask for and every problem found in them."""
    wanted = Desired()
    problems: list[Diagnostic] = []
    for obj in objects:
        spec, found = parse(obj)
        found += [p.located(obj.source) for p in _unsupported(obj)]
        if isinstance(spec, specs.TableSpec) and not has_errors(found):
            block, path = table_block(spec, BLOCK)
            problems_here = [*_too_long(spec.name, "spec.name"), *_check(block, path, spec.name)]
            found += [p.located(obj.source) for p in problems_here]
            if not has_errors(found):
                _add(wanted, spec, block)
        problems += found
    return wanted, problems


def _add(wanted: Desired, spec: specs.TableSpec, block: specs.MysqlTableSchema | None) -> None:
    ref = ObjectRef("table", spec.name)
    if block is not None and block.is_deleted:
        wanted.deleted.append(ref)
        return
    if block is not None:
        wanted.objects.append(table(block, spec.name, tuple(spec.previous_names)))
    rows = seed_rows(spec.seed_data)
    if rows:
        wanted.seeds[ref] = rows


def table(block: specs.MysqlTableSchema, name: str, previous_names: tuple[str, ...] = ()) -> Table:
    """The model of one `spec.schema.mysql` block (checked by `_check` first)."""
    attrs = {"charset": block.default_charset, "collation": block.collation}
    built = to_table(
        block,
        name,
        normalize_type=column_types.canonical,
        parse_default=defaults.from_spec,
        column_attrs=_column_attrs,
        index_attrs=_index_attrs,
        attrs={k: v for k, v in attrs.items() if v},
        previous_names=previous_names,
    )
    in_key = set(block.primary_key)
    return dataclasses.replace(
        built,
        columns=tuple(
            dataclasses.replace(c, attrs={**c.attrs, "primary_key": True}) if c.name in in_key else c
            for c in built.columns
        ),
        indexes=tuple(
            dataclasses.replace(i, name=i.name[:MAX_NAME]) if spec_index.name is None else i
            for i, spec_index in zip(built.indexes, block.indexes, strict=True)
        ),
        foreign_keys=tuple(
            dataclasses.replace(f, name=f.name[:MAX_NAME]) if spec_fk.name is None else f
            for f, spec_fk in zip(built.foreign_keys, block.foreign_keys, strict=True)
        ),
    )


def _column_attrs(column: specs.MysqlColumn) -> dict[str, Any]:
    attrs = {"charset": column.charset, "collation": column.collation}
    return {k: v for k, v in attrs.items() if v}


def _index_attrs(index: specs.SqlIndex) -> dict[str, Any]:
    kind = (index.type or "").lower()
    return {"type": kind} if kind in ("fulltext", "spatial") else {}


def _unsupported(obj: SpecObject) -> Iterator[Diagnostic]:
    if obj.kind != "Table":
        yield Diagnostic(
            "unsupported-kind", f"the mysql driver manages tables, not {obj.kind} objects", "kind"
        )


def _check(block: specs.MysqlTableSchema | None, path: str, table_name: str) -> Iterator[Diagnostic]:
    """Types that are not MySQL's, names MySQL would refuse, defaults MySQL cannot print."""
    if block is None:
        return
    yield from _charset_names(path, defaultCharset=block.default_charset, collation=block.collation)
    for i, column in enumerate(block.columns):
        at = f"{path}.columns[{i}]"
        yield from _too_long(column.name, f"{at}.name")
        yield from _charset_names(at, charset=column.charset, collation=column.collation)
        try:
            printed = column_types.canonical(column.type)
        except ValueError as error:
            yield Diagnostic("unknown-type", str(error), f"{at}.type")
            continue
        if column.default is not None:
            yield from _check_default(defaults.from_spec(column.default, printed), f"{at}.default")
    seen: set[str] = set()
    for i, index in enumerate(block.indexes):
        yield from _too_long(index.name, f"{path}.indexes[{i}].name")
        name = (index.name or index_name(table_name, tuple(index.columns)))[:MAX_NAME].lower()
        if name in seen:
            yield Diagnostic(
                "duplicate-index", f"another index of this table is named {name!r}", f"{path}.indexes[{i}]"
            )
        seen.add(name)
    for i, fk in enumerate(block.foreign_keys):
        yield from _too_long(fk.name, f"{path}.foreignKeys[{i}].name")


def _too_long(name: str | None, path: str) -> Iterator[Diagnostic]:
    if name is not None and len(name) > MAX_NAME:
        yield Diagnostic("name-too-long", f"MySQL names have at most {MAX_NAME} characters", path)


def _charset_names(path: str, **names: str | None) -> Iterator[Diagnostic]:
    """Character set and collation names are printed as they are: only plain names pass."""
    for key, value in names.items():
        if value is not None and not _NAME.match(value):
            yield Diagnostic(
                "invalid-name", f"{value!r} is not a character set or collation name", f"{path}.{key}"
            )


def _check_default(default: Default, path: str) -> Iterator[Diagnostic]:
    if "\x00" in default.value:
        yield Diagnostic("invalid-default", "a default cannot hold a NUL character", path)
