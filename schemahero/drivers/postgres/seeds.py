"""Which seed rows a table already holds, compared by the server in the columns' own types.

One query per seeded table: the rows travel as text parameters, each cast to its column's
type, and a row is present when the table has a row equal on every column the seed gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg

from schemahero.drivers.postgres import queries
from schemahero.drivers.postgres.typenames import SERIALS
from schemahero.schema.model import ObjectRef, Schema, SeedRow


def present_rows(
    conn: psycopg.Connection[tuple[Any, ...]], schema: Schema, seeds: Mapping[ObjectRef, list[SeedRow]]
) -> dict[ObjectRef, frozenset[int]]:
    """For each seeded table that exists, the positions of the seed rows it already has."""
    present: dict[ObjectRef, frozenset[int]] = {}
    for ref, rows in seeds.items():
        table = schema.table(ref)
        if table is None or not rows:
            continue
        types = {c.name: SERIALS.get(c.type, c.type) for c in table.columns}
        candidates = [(i, row) for i, row in enumerate(rows) if all(name in types for name, _ in row)]
        if not candidates:
            continue
        query, params = queries.present_rows(table.name, table.schema, candidates, types)
        try:
            with conn.transaction():
                present[ref] = frozenset(int(r[0]) for r in conn.execute(query, params).fetchall())
        except psycopg.DataError:
            present[ref] = frozenset()  # a value that does not fit its column: the upsert will say so
    return present
