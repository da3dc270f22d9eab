"""Parsing and checking specs: SpecObject in, typed spec and located diagnostics out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from schemahero.schema import specs
from schemahero.schema.decoding import decode
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.documents import SpecObject


def parse(obj: SpecObject) -> tuple[Any, list[Diagnostic]]:
    """The typed spec of `obj` and every problem found in it, each naming its source."""
    spec_type = specs.KIND_SPECS.get(obj.kind)
    if spec_type is None:
        known = ", ".join(specs.KIND_SPECS)
        problem = Diagnostic("unknown-kind", f"kind {obj.kind!r} is not one of {known}", "kind")
        return None, [problem.located(obj.source)]
    spec, problems = decode(spec_type, dict(obj.spec), "spec")
    if isinstance(spec, specs.TableSpec):
        problems += list(_check_table(spec))
    return spec, [p.located(obj.source) for p in problems]


def table_block(spec: specs.TableSpec, engine: str) -> tuple[Any, str]:
    """The `spec.schema.<engine>` block of a table and its path (None when absent)."""
    block = getattr(spec.schema, engine, None) if spec.schema else None
    return block, f"spec.schema.{engine}"


def _check_table(spec: specs.TableSpec) -> Iterator[Diagnostic]:
    for engine in vars(specs.TableSchemas()):
        block, path = table_block(spec, engine)
        if isinstance(block, specs.SqlTableSchema):
            yield from check_sql_table(block, path)
    if spec.seed_data:
        yield from _check_seed(spec.seed_data)


def check_sql_table(block: specs.SqlTableSchema, path: str) -> Iterator[Diagnostic]:
    """Column references that point nowhere, duplicates, empty names and types."""
    columns = block.columns or []
    names = [c.name for c in columns if c is not None and c.name]
    for i, column in enumerate(columns):
        if column is None:
            continue
        if column.name is not None and not column.name.strip():
            yield Diagnostic("empty-name", "column name must not be empty", f"{path}.columns[{i}].name")
        if column.type is not None and not column.type.strip():
            yield Diagnostic("empty-type", "column type must not be empty", f"{path}.columns[{i}].type")
        elif column.type is not None and not is_type_name(column.type):
            yield Diagnostic(
                "invalid-type-name",
                f"{column.type!r} is not a type: expected words, with arguments in parentheses "
                "or angle brackets (varchar(255), numeric(10, 2), map<text, int>, text[])",
                f"{path}.columns[{i}].type",
            )
    for name, count in Counter(names).items():
        if count > 1:
            at = names.index(name, names.index(name) + 1)
            yield Diagnostic(
                "duplicate-column",
                f"column {name!r} is declared {count} times",
                f"{path}.columns[{at}].name",
            )
    if not names:
        return
    yield from _unknown(block.primary_key, names, f"{path}.primaryKey")
    for i, index in enumerate(block.indexes or []):
        if index is not None and index.columns is not None:
            yield from _unknown(index.columns, names, f"{path}.indexes[{i}].columns")
    for i, fk in enumerate(block.foreign_keys or []):
        if fk is None or fk.columns is None:
            continue
        yield from _unknown(fk.columns, names, f"{path}.foreignKeys[{i}].columns")
        if fk.on_delete is not None and " ".join(fk.on_delete.lower().split()) not in ON_DELETE:
            allowed = ", ".join(sorted(ON_DELETE))
            yield Diagnostic(
                "invalid-value",
                f"onDelete must be one of {allowed}, not {fk.on_delete!r}",
                f"{path}.foreignKeys[{i}].onDelete",
            )
        refs = fk.references.columns if fk.references and fk.references.columns else None
        if refs is not None and len(refs) != len(fk.columns):
            yield Diagnostic(
                "foreign-key-arity",
                f"{len(fk.columns)} columns reference {len(refs)} columns",
                f"{path}.foreignKeys[{i}].references.columns",
            )


ON_DELETE = frozenset({"cascade", "restrict", "set null", "set default", "no action"})

_TYPE_TOKEN = re.compile(r"\s+|[A-Za-z_][A-Za-z0-9_$.]*|\d+|'(?:[^']|'')*'|[(),<>\[\]]")


def is_type_name(text: str) -> bool:
    """Whether `text` reads as a column type and nothing else, since engines print it verbatim.

    Words, numbers and quoted strings; commas and quoted strings only inside parentheses or angle
    brackets, all balanced. No statement separator, comment or identifier quote can pass.
    """
    depth = 0
    position = 0
    if not re.match(r"\s*[A-Za-z_]", text):
        return False
    while position < len(text):
        token = _TYPE_TOKEN.match(text, position)
        if token is None:
            return False
        value = token.group(0)
        if value in "(<[":
            depth += 1
        elif value in ")>]":
            depth -= 1
            if depth < 0:
                return False
        elif (value == "," or value.startswith("'")) and depth == 0:
            return False
        position = token.end()
    return depth == 0


def _unknown(columns: list[str] | None, names: list[str], path: str) -> Iterator[Diagnostic]:
    for i, column in enumerate(columns or []):
        if column not in names:
            yield Diagnostic("unknown-column", f"no column named {column!r} in this table", f"{path}[{i}]")


def _check_seed(seed: specs.SeedData) -> Iterator[Diagnostic]:
    for r, row in enumerate(seed.rows or []):
        for c, column in enumerate(row.columns if row and row.columns else []):
            value = column.value if column else None
            if value is not None and value.str_ is not None and value.int_ is not None:
                yield Diagnostic(
                    "ambiguous-value",
                    "give either str or int, not both",
                    f"spec.seedData.rows[{r}].columns[{c}].value",
                )
