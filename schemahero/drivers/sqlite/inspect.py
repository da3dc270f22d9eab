"""Reading the catalog: which queries to run, and the model built from their rows.

Running a query is the caller's part (`Run`): a local sqlite3 connection here, an HTTP API for
a flavour, so that the model is built the same way from the same rows whatever the transport.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from schemahero.drivers.sqlite import attrs, queries
from schemahero.drivers.sqlite.create_text import ForeignKeyText, TableText, read_create_table
from schemahero.drivers.sqlite.normalizing import live_default, normal_on_delete, normalize_type
from schemahero.drivers.sqlite.quoting import QUOTE
from schemahero.schema.model import (
    Column,
    ForeignKey,
    Index,
    ObjectRef,
    PrimaryKey,
    Schema,
    SeedRow,
    Table,
)
from schemahero.schema.sql_tables import foreign_key_name

Row = Sequence[Any]
Run = Callable[[str, Sequence[Any]], Sequence[Row]]
"""Runs one query with its parameters and returns every row."""


@dataclass(frozen=True)
class Catalog:
    """The rows of the catalog queries (see queries.py for their columns)."""

    tables: Sequence[Row]
    columns: Sequence[Row]
    indexes: Sequence[Row]
    foreign_keys: Sequence[Row]


def read_catalog(run: Run, refs: Sequence[ObjectRef] | None = None) -> Catalog:
    """Four queries, whatever the number of tables: every table, or those `refs` name and the
    tables their foreign keys reference."""
    names = None if refs is None else json.dumps([r.name for r in refs if r.kind == "table"])
    return Catalog(
        tables=run(queries.TABLES, (names,)),
        columns=run(queries.COLUMNS, (names,)),
        indexes=run(queries.INDEXES, (names,)),
        foreign_keys=run(queries.FOREIGN_KEYS, (names,)),
    )


def build_schema(catalog: Catalog) -> Schema:
    """The model of every user table, normalised as specs are."""
    columns = _by_table(catalog.columns)
    indexes = _by_table(catalog.indexes)
    foreign_keys = _by_table(catalog.foreign_keys)
    keys = {name.lower(): _primary_key(rows) for name, rows in columns.items()}
    tables = []
    for name, strict, sql in catalog.tables:
        text = read_create_table(sql or "")
        tables.append(
            Table(
                name=name,
                columns=tuple(_column(row, text) for row in columns.get(name, [])),
                primary_key=keys.get(name.lower()),
                indexes=_indexes(indexes.get(name, [])),
                foreign_keys=_foreign_keys(name, foreign_keys.get(name, []), text, keys),
                attrs={attrs.STRICT: bool(strict)},
            )
        )
    return Schema.of(tables)


def present_rows(
    run: Run, schema: Schema, seeds: Mapping[ObjectRef, list[SeedRow]]
) -> dict[ObjectRef, frozenset[int]]:
    """Positions of the seed rows each table already holds: one query per seeded table."""
    present: dict[ObjectRef, frozenset[int]] = {}
    for ref, rows in seeds.items():
        table = schema.table(ref)
        query = seed_query(table, rows) if table is not None else None
        if query is not None:
            present[ref] = frozenset(int(row[0]) for row in run(*query))
    return present


def seed_query(table: Table, rows: Sequence[SeedRow]) -> tuple[str, list[Any]] | None:
    """The query that finds which of `rows` the table holds (None: it can hold none of them).

    A row naming a column the table lacks cannot be present, so it is not asked about.
    """
    known = {c.name.lower() for c in table.columns}
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for position, row in enumerate(rows):
        names = tuple(name for name, _ in row)
        if {n.lower() for n in names} <= known:
            groups.setdefault(names, []).append([position, *(value for _, value in row)])
    if not groups:
        return None
    selects = [
        queries.SEEDED_ROWS.format(
            table=QUOTE.always(table.name),
            matches=" and ".join(
                queries.SEED_MATCH.format(column=QUOTE.always(name), n=n)
                for n, name in enumerate(names, start=1)
            ),
        )
        for names in groups
    ]
    return " union all ".join(selects), [json.dumps(values) for values in groups.values()]


def _by_table(rows: Iterable[Row]) -> dict[str, list[Row]]:
    return {name: list(group) for name, group in itertools.groupby(rows, key=lambda r: r[0])}


def _column(row: Row, text: TableText) -> Column:
    _, name, declared, not_null, default, _ = row
    autoincrement = {c.lower() for c in text.autoincrement}
    return Column(
        name=name,
        type=normalize_type(declared or ""),
        nullable=not not_null,
        default=live_default(default),
        auto_increment=name.lower() in autoincrement,
    )


def _primary_key(rows: Sequence[Row]) -> PrimaryKey | None:
    positions = sorted((row[5], row[1]) for row in rows if row[5])
    return PrimaryKey(tuple(name for _, name in positions)) if positions else None


def _indexes(rows: Sequence[Row]) -> tuple[Index, ...]:
    found = []
    for (name, unique, origin, partial, sql), group in itertools.groupby(rows, key=lambda r: r[1:6]):
        if origin == "pk":
            continue
        columns = [row[6] for row in group]
        facts: dict[str, Any] = {
            attrs.CONSTRAINT: origin == "u",
            attrs.PARTIAL: bool(partial),
            attrs.EXPRESSION: None in columns,
        }
        if facts[attrs.PARTIAL] or facts[attrs.EXPRESSION]:
            facts[attrs.DEFINITION] = sql
        found.append(
            Index(
                name=name,
                columns=tuple(c or "" for c in columns),
                unique=bool(unique),
                attrs={k: v for k, v in facts.items() if v},
            )
        )
    return tuple(found)


def _foreign_keys(
    table: str, rows: Sequence[Row], text: TableText, keys: Mapping[str, PrimaryKey | None]
) -> tuple[ForeignKey, ...]:
    declared = list(text.foreign_keys)
    found = []
    for _, group in itertools.groupby(rows, key=lambda r: r[1]):
        parts = list(group)
        ref_table = parts[0][2]
        columns = tuple(row[3] for row in parts)
        ref_columns = tuple(row[4] for row in parts)
        if None in ref_columns:
            ref_key = keys.get(ref_table.lower())
            ref_columns = ref_key.columns if ref_key else ()
        found.append(
            ForeignKey(
                name=_name(table, columns, ref_table, declared),
                columns=columns,
                ref_table=ref_table,
                ref_columns=ref_columns,
                on_delete=normal_on_delete(parts[0][5] or ""),
            )
        )
    return tuple(found)


def _name(table: str, columns: tuple[str, ...], ref_table: str, declared: list[ForeignKeyText]) -> str:
    """The key's CONSTRAINT name in the text, else upstream's default name."""
    wanted = (tuple(c.lower() for c in columns), ref_table.lower())
    for i, fk in enumerate(declared):
        if (tuple(c.lower() for c in fk.columns), fk.ref_table.lower()) == wanted:
            del declared[i]
            if fk.name:
                return fk.name
            break
    return foreign_key_name(table, columns)
