"""TimescaleDB's catalog over PostgreSQL's: hypertables, their compression and policies, and
continuous aggregates. On a server without the extension this reads what PostgreSQL's does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import psycopg

from schemahero.drivers.postgres.inspect import CatalogReader, Row, run_all
from schemahero.drivers.timescaledb import queries
from schemahero.drivers.timescaledb.hypertables import Compression, Hypertable
from schemahero.schema.model import DatabaseObject, ObjectRef, Table, View

OWN_TRIGGERS = frozenset({"ts_insert_blocker", "ts_cagg_invalidation_trigger"})
"""Triggers TimescaleDB puts on hypertables itself."""


class TimescaleReader(CatalogReader):
    def extra(self, refs: Sequence[ObjectRef] | None) -> list[tuple[str, str, dict[str, Any]]]:
        return [("timescaledb", queries.INSTALLED, {})]

    def more(self, conn: psycopg.Connection[Row], rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
        if not rows.get("timescaledb"):
            return {}
        return run_all(
            conn,
            [
                ("dimensions", queries.DIMENSIONS, {}),
                ("compression", queries.COMPRESSION, {}),
                ("policies", queries.POLICIES, {}),
                ("continuous", queries.CONTINUOUS_AGGREGATES, {}),
            ],
        )

    def objects(self, rows: dict[str, list[Row]]) -> Iterable[DatabaseObject]:
        found = hypertables_of(rows)
        continuous = {(r[0], r[1]): r[2] for r in rows.get("continuous", [])}
        for obj in super().objects(rows):
            if isinstance(obj, Table) and (obj.schema, obj.name) in found:
                yield _hypertable(obj, found[(obj.schema, obj.name)])
            elif isinstance(obj, View) and (obj.schema, obj.name) in continuous:
                query = (continuous[(obj.schema, obj.name)] or obj.query).strip().rstrip(";")
                yield replace(obj, query=query, attrs={**obj.attrs, "continuous": True})
            else:
                yield obj


def hypertables_of(rows: dict[str, list[Row]]) -> dict[tuple[str, str], Hypertable]:
    """Each hypertable, by (schema, name), from the dimension, compression and policy rows."""
    found: dict[tuple[str, str], Hypertable] = {}
    for schema, name, column, kind, interval, partitions in rows.get("dimensions", []):
        key = (schema, name)
        if key not in found:
            found[key] = (
                Hypertable(column, chunk_time_interval=interval or "") if kind == "Time" else Hypertable("")
            )
        elif kind != "Time":
            found[key] = replace(found[key], partitioning_column=column, number_partitions=partitions)
    segments: dict[tuple[str, str], list[str]] = {}
    orders: dict[tuple[str, str], list[str]] = {}
    for schema, name, column, segment, order, ascending, nulls_first in rows.get("compression", []):
        if segment is not None:
            segments.setdefault((schema, name), []).append(column)
        elif order is not None:
            orders.setdefault((schema, name), []).append(_order(column, ascending, nulls_first))
    policies: dict[tuple[str, str, str], str] = {
        (schema, name, proc): interval for schema, name, proc, interval in rows.get("policies", [])
    }
    for key, table in found.items():
        compression = None
        if key in segments or key in orders or (*key, "policy_compression") in policies:
            compression = Compression(
                tuple(segments.get(key, ())),
                ", ".join(orders.get(key, ())),
                policies.get((*key, "policy_compression"), ""),
            )
        found[key] = replace(
            table, compression=compression, retention=policies.get((*key, "policy_retention"), "")
        )
    return found


def _order(column: str, ascending: bool, nulls_first: bool) -> str:
    text = column if ascending else f"{column} desc"
    if ascending and nulls_first:
        text += " nulls first"
    elif not ascending and not nulls_first:
        text += " nulls last"
    return text


def _hypertable(table: Table, hypertable: Hypertable) -> Table:
    """A hypertable's model: its own indexes and triggers are TimescaleDB's, not the spec's."""
    own = {f"{table.name}_{hypertable.time_column}_idx"}
    if hypertable.partitioning_column:
        own.add(f"{table.name}_{hypertable.partitioning_column}_{hypertable.time_column}_idx")
    indexes = tuple(
        replace(i, attrs={**i.attrs, "timescaledb": True}) if i.name in own else i for i in table.indexes
    )
    triggers = tuple(t for t in table.attrs.get("triggers", ()) if t.name not in OWN_TRIGGERS)
    return replace(
        table, indexes=indexes, attrs={**table.attrs, "triggers": triggers, "hypertable": hypertable}
    )
