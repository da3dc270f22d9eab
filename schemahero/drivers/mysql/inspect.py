"""The live model, read from information_schema in a fixed number of queries.

Each table carries what it inherits from (see hooks.py): its database's defaults, and for each
character column whether it has its table's character set and collation. An index that exists
only because a foreign key needs one (MySQL creates it, named after the constraint or the
column) is marked, so that specs that do not name it leave it alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from schemahero.drivers.mysql import charsets, column_types, defaults, queries
from schemahero.drivers.mysql.database import DatabaseOptions
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

Rows = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]
"""Runs one query with bound arguments and returns its rows."""

_JSON_CHECK = re.compile(r"json_valid\(`((?:[^`]|``)+)`\)", re.I)


def read_schema(
    rows: Rows, names: Sequence[str] | None, database: DatabaseOptions, *, mariadb: bool
) -> Schema:
    """The tables `names` (all when None) with their columns, keys and indexes."""
    if names is not None and not names:
        return Schema()

    def query(sql: str, column: str = "TABLE_NAME") -> dict[str, list[tuple[Any, ...]]]:
        """Rows by table (the first column), without it."""
        grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for row in rows(queries.scoped(sql, names, column), list(names or ())):
            grouped[row[0]].append(row[1:])
        return grouped

    json_columns = _json_columns(query(queries.JSON_CHECKS)) if mariadb else set()
    columns, indexes = query(queries.COLUMNS), query(queries.INDEXES)
    fks = query(queries.FOREIGN_KEYS, "k.TABLE_NAME")
    db_charset, db_collation = database.for_tables()
    tables = []
    for name, [(collation,)] in query(queries.TABLES).items():
        attrs = {
            "charset": charsets.charset_of(collation or ""),
            "collation": collation or "",
            "database_charset": db_charset,
            "database_collation": db_collation,
        }
        table_columns = tuple(
            _column(row, attrs, (name, row[0]) in json_columns, mariadb) for row in columns[name]
        )
        foreign_keys = _foreign_keys(fks[name])
        primary_key, table_indexes = _indexes(indexes[name], foreign_keys)
        tables.append(Table(name, table_columns, primary_key, table_indexes, foreign_keys, attrs=attrs))
    return Schema.of(tables)


def present_rows(
    rows: Rows, schema: Schema, seeds: Mapping[ObjectRef, list[SeedRow]]
) -> dict[ObjectRef, frozenset[int]]:
    """For each seeded table, the positions of the wanted rows it holds: one query per table."""
    present: dict[ObjectRef, frozenset[int]] = {}
    for ref, wanted in seeds.items():
        table = schema.table(ref)
        if table is None:
            continue
        names = {c.name for c in table.columns}
        checkable = [(i, r) for i, r in enumerate(wanted) if r and all(c in names for c, _ in r)]
        if not checkable:
            continue
        text = frozenset(c.name for c in table.columns if "charset" in c.attrs)
        sql, args = queries.present_rows(table.name, checkable, text)
        present[ref] = frozenset(int(row[0]) for row in rows(sql, args))
    return present


def _column(row: tuple[Any, ...], table_attrs: Mapping[str, str], is_json: bool, mariadb: bool) -> Column:
    name, column_type, nullable, default, extra, charset, collation = row
    extra = extra or ""
    attrs: dict[str, Any] = {}
    if charset:
        inherits = (charset, collation) == (table_attrs["charset"], table_attrs["collation"])
        attrs = {"charset": charset, "collation": collation, "inherits": inherits}
    return Column(
        name=name,
        type="json" if is_json and column_type == "longtext" else _printed(column_type),
        nullable=nullable == "YES",
        default=defaults.from_catalog(default, extra, mariadb=mariadb),
        auto_increment="auto_increment" in extra.lower(),
        attrs=attrs,
    )


def _printed(column_type: str) -> str:
    try:
        return column_types.canonical(column_type)
    except ValueError:
        return column_type.lower()


def _json_columns(checks: dict[str, list[tuple[Any, ...]]]) -> set[tuple[str, str]]:
    found = set()
    for table, clauses in checks.items():
        for (clause,) in clauses:
            match = _JSON_CHECK.fullmatch((clause or "").strip())
            if match:
                found.add((table, match[1].replace("``", "`")))
    return found


def _foreign_keys(rows: list[tuple[Any, ...]]) -> tuple[ForeignKey, ...]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return tuple(
        ForeignKey(
            name=name,
            columns=tuple(r[1] for r in parts),
            ref_table=parts[0][2],
            ref_columns=tuple(r[3] for r in parts),
            on_delete=(parts[0][4] or "").lower(),
        )
        for name, parts in grouped.items()
    )


def _indexes(
    rows: list[tuple[Any, ...]], foreign_keys: tuple[ForeignKey, ...]
) -> tuple[PrimaryKey | None, tuple[Index, ...]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    primary_key = None
    indexes = []
    fk_columns = {fk.columns for fk in foreign_keys}
    for name, parts in grouped.items():
        columns = tuple(r[2] for r in parts)
        if None in columns:
            continue  # an expression index: specs cannot describe it
        if name == "PRIMARY":
            primary_key = PrimaryKey(columns)
            continue
        unique = not int(parts[0][1])
        attrs: dict[str, Any] = {}
        kind = (parts[0][3] or "").lower()
        if kind in ("fulltext", "spatial"):
            attrs["type"] = kind
        if not unique and columns in fk_columns:
            attrs["foreign_key"] = True
        indexes.append(Index(name, columns, unique, attrs))
    return primary_key, tuple(indexes)
