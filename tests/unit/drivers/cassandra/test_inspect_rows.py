"""Catalog rows to the model, and the query that finds seed rows (no server: rows as Cassandra sends them)."""

from __future__ import annotations

from collections import OrderedDict

from schemahero.drivers.cassandra import attrs
from schemahero.drivers.cassandra.inspect import Catalog, build_schema, seed_query
from schemahero.drivers.cassandra.properties import LIVE
from schemahero.schema.model import Column, DataType, ObjectRef, PrimaryKey

PROPERTIES = [
    0.01,
    OrderedDict(keys="ALL", rows_per_partition="NONE"),
    "",
    {},
    {},
    1.0,
    0,
    864000,
    2048,
    0,
    128,
    "99p",
]
CATALOG = Catalog(
    tables=[("events", *PROPERTIES)],
    columns=[
        ("by_owner", "owner", "partition_key", 0, "none", "text"),
        ("events", "at", "clustering", 0, "desc", "date"),
        ("events", "day", "partition_key", 1, "none", "date"),
        ("events", "device", "partition_key", 0, "none", "text"),
        ("events", "note", "regular", -1, "none", "text"),
        ("events", "owner", "static", -1, "none", "text"),
        ("events", "seq", "clustering", 1, "asc", "int"),
    ],
    dropped=[("events", "old", "bigint")],
    types=[("point", ["x", "y"], ["double", "double"])],
)
"""A table with a composite partition key, two clustering columns, a static column, a dropped
column, and the columns of a materialized view (by_owner) that is not a table."""


def test_tables_and_types_are_built_from_the_rows() -> None:
    schema = build_schema(CATALOG)
    events = schema.table(ObjectRef("table", "events"))
    assert events is not None
    assert [c.name for c in events.columns] == ["device", "day", "at", "seq", "note", "owner"]
    assert events.column("owner") == Column("owner", "text", attrs={attrs.STATIC: True})
    assert events.primary_key == PrimaryKey(("device", "day", "at", "seq"))
    assert events.attrs[attrs.PARTITION_KEY] == ("device", "day")
    assert events.attrs[attrs.CLUSTERING] == (("at", "desc"), ("seq", "asc"))
    assert events.attrs[attrs.DROPPED] == {"old": "bigint"}
    assert events.attrs[attrs.PROPERTIES]["caching"] == {"keys": "ALL", "rows_per_partition": "NONE"}
    assert len(events.attrs[attrs.PROPERTIES]) == len(LIVE)
    assert schema.get(ObjectRef("type", "point")) == DataType(
        "point", fields=(("x", "double"), ("y", "double"))
    )
    assert schema.get(ObjectRef("table", "by_owner")) is None


def test_seed_rows_are_looked_up_by_key() -> None:
    events = build_schema(CATALOG).table(ObjectRef("table", "events"))
    assert events is not None
    rows = [
        (("device", "d1"), ("day", "2024-01-01"), ("at", "2024-01-02"), ("seq", 1), ("note", "a")),
        (("device", "d1"), ("day", "2024-01-01"), ("at", "2024-01-02"), ("seq", 2)),
        (("device", "d1"), ("day", "2024-01-01"), ("at", "x"), ("seq", "not a number")),
        (("device", "d1"), ("day", "2024-01-01"), ("seq", 1)),
        (("device", "d1"), ("day", "2024-01-01"), ("at", "x"), ("seq", 1), ("nope", 1)),
    ]
    query = seed_query(events, "ks", rows)
    assert query is not None
    assert query.sql == (
        'select "device", "day", "at", "seq", "note" from "ks"."events"'
        ' where "device" in %s and "day" in %s and "at" in %s and "seq" in %s'
    )
    assert query.params == [["d1"], ["2024-01-01"], ["2024-01-02"], [1, 2]]
    assert [position for position, _ in query.candidates] == [0, 1]
    assert seed_query(events, "ks", rows[2:]) is None
