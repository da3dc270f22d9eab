"""Reading the catalog: which queries to run, and the model built from their rows.

Running a query is the caller's part (`Run`), so that the model is built from rows alone and can
be tested without a server.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cassandra.query import ValueSequence

from schemahero.drivers.cassandra import attrs, queries
from schemahero.drivers.cassandra.cql_types import normalize
from schemahero.drivers.cassandra.properties import LIVE
from schemahero.drivers.cassandra.quoting import QUOTE
from schemahero.schema.model import Column, DataType, ObjectRef, PrimaryKey, Schema, SeedRow, SeedValue, Table

Row = Sequence[Any]
Run = Callable[[str, Sequence[Any]], Sequence[Row]]
"""Runs one query with its parameters (bound by the client library) and returns every row."""

NUMBERS = frozenset({"int", "bigint", "smallint", "tinyint", "varint", "decimal", "double", "float"})
QUOTED = frozenset({"text", "ascii", "date", "inet"})
"""Key column types whose seed values can be looked up: numbers given as int, the others as str
(CQL reads them from a quoted string, as the INSERT of a seed row writes them, and the client
gives them back as that same text)."""


@dataclass(frozen=True)
class Catalog:
    """The rows of the catalog queries (see queries.py for their columns)."""

    tables: Sequence[Row]
    columns: Sequence[Row]
    dropped: Sequence[Row]
    types: Sequence[Row]


def read_catalog(run: Run, keyspace: str) -> Catalog:
    """Four queries, whatever the number of tables."""
    return Catalog(
        tables=run(queries.TABLES, (keyspace,)),
        columns=run(queries.COLUMNS, (keyspace,)),
        dropped=run(queries.DROPPED_COLUMNS, (keyspace,)),
        types=run(queries.TYPES, (keyspace,)),
    )


def build_schema(catalog: Catalog) -> Schema:
    """The model of every table and type of the keyspace."""
    columns = _by_name(catalog.columns)
    dropped = _by_name(catalog.dropped)
    tables = [_table(row, columns.get(row[0], []), dropped.get(row[0], [])) for row in catalog.tables]
    types = [
        DataType(name, fields=tuple(zip(names or (), kinds or (), strict=True)))
        for name, names, kinds in catalog.types
    ]
    return Schema.of([*tables, *types])


def _table(row: Row, columns: Sequence[Row], dropped: Sequence[Row]) -> Table:
    def key(kind: str) -> list[Row]:
        return sorted((c for c in columns if c[2] == kind), key=lambda c: c[3])

    partition, clustering = key("partition_key"), key("clustering")
    others = sorted((c for c in columns if c[2] in ("static", "regular")), key=lambda c: c[1])
    names = tuple(c[1] for c in (*partition, *clustering))
    return Table(
        name=row[0],
        columns=tuple(
            Column(c[1], c[5], attrs={attrs.STATIC: True} if c[2] == "static" else {})
            for c in (*partition, *clustering, *others)
        ),
        primary_key=PrimaryKey(names),
        attrs={
            attrs.PARTITION_KEY: tuple(c[1] for c in partition),
            attrs.CLUSTERING: tuple((c[1], c[4]) for c in clustering),
            attrs.PROPERTIES: {name: _plain(value) for name, value in zip(LIVE, row[1:], strict=True)},
            attrs.DROPPED: {c[1]: c[2] for c in dropped},
        },
    )


def _plain(value: Any) -> Any:
    """Maps as plain dicts of text (the client library gives its own ordered map type)."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return value


def _by_name(rows: Iterable[Row]) -> dict[str, list[Row]]:
    ordered = sorted(rows, key=lambda r: r[0])
    return {name: list(group) for name, group in itertools.groupby(ordered, key=lambda r: r[0])}


# --- seed rows --------------------------------------------------------------------------------


def present_rows(
    run: Run, keyspace: str, schema: Schema, seeds: Mapping[ObjectRef, list[SeedRow]]
) -> dict[ObjectRef, frozenset[int]]:
    """Positions of the seed rows each table already holds, with the same values: one query per
    seeded table, by primary key."""
    present: dict[ObjectRef, frozenset[int]] = {}
    for ref, rows in seeds.items():
        table = schema.table(ref)
        query = seed_query(table, keyspace, rows) if table is not None else None
        if query is not None:
            found = [dict(zip(query.columns, row, strict=True)) for row in run(query.sql, query.params)]
            present[ref] = frozenset(
                position for position, row in query.candidates if any(_holds(live, row) for live in found)
            )
    return present


@dataclass(frozen=True)
class SeedQuery:
    sql: str
    params: list[ValueSequence]
    """For each primary key column, the values to look for (`in (...)`)."""
    columns: list[str]
    """What each row of the answer holds, in order."""
    candidates: list[tuple[int, dict[str, SeedValue]]]
    """The seed rows the answer may hold, by position."""


def seed_query(table: Table, keyspace: str, rows: Sequence[SeedRow]) -> SeedQuery | None:
    """The query for the rows that may be `rows` (None: none can be there). A row naming a
    column the table lacks, or whose key values cannot be looked up, cannot be present."""
    types = {c.name: normalize(c.type) for c in table.columns}
    key = table.primary_key.columns if table.primary_key else ()
    candidates = [
        (position, dict(row))
        for position, row in enumerate(rows)
        if {name for name, _ in row} <= types.keys()
        and all(k in dict(row) and _fits(dict(row)[k], types[k]) for k in key)
    ]
    if not candidates or not key:
        return None
    named = list(dict.fromkeys([*key, *(name for _, row in candidates for name in row)]))
    sql = queries.SEEDED_ROWS.format(
        columns=", ".join(QUOTE.always(n) for n in named),
        table=f"{QUOTE.always(keyspace)}.{QUOTE.always(table.name)}",
        matches=" and ".join(f"{QUOTE.always(k)} in %s" for k in key),
    )
    params = [ValueSequence(dict.fromkeys(row[k] for _, row in candidates)) for k in key]
    return SeedQuery(sql, params, named, candidates)


def _fits(value: SeedValue, type_: str) -> bool:
    if isinstance(value, int):
        return type_ in NUMBERS
    return isinstance(value, str) and type_ in QUOTED


def _holds(live: Mapping[str, Any], row: Mapping[str, SeedValue]) -> bool:
    return all(_same(live.get(name), value) for name, value in row.items())


def _same(live: Any, seed: SeedValue) -> bool:
    """Numbers and text compare as they are; other values by the text the client gives them
    (a timestamp seeded as `2024-01-01 10:00:00`, not in another of the forms CQL reads)."""
    if seed is None or live is None:
        return live is seed
    if isinstance(seed, int):
        return not isinstance(live, bool) and live == seed
    return live == seed or str(live) == seed
