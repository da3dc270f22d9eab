"""Random table specs converge on Cassandra: plan, apply, plan again is empty; then reshape.

Specs are what a user could mean on one table: a key of one or two partition columns and up to
two clustering columns (kept when the table is reshaped, since Cassandra cannot change a key),
columns added and dropped, static columns, a clustering order, and any mix of properties.
A name always has the same type: Cassandra re-adds a dropped column with its old type only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemahero.driver_api import Connection, Driver
from tests.integration.cassandra.conftest import table
from tests.integration.planning import converge

TYPES = {
    "id": "int",
    "day": "date",
    "at": "timestamp",
    "order": "text",
    "Owner": "varchar",
    "seq": "bigint",
    "score": "double",
    "tags": "set<text>",
    "meta": "map<varchar, int>",
    "pos": "tuple<int, int>",
    "raw": "blob",
}
KEYABLE = ["id", "day", "at", "order", "Owner", "seq"]

PROPERTIES: dict[str, st.SearchStrategy[Any]] = {
    "comment": st.text(alphabet="ab '\"é;", max_size=6),
    "defaultTTL": st.integers(0, 10_000),
    "gcGraceSeconds": st.integers(0, 864_000),
    "bloomFilterFPChance": st.sampled_from(["0.01", "0.1", "1", "0.05"]),
    "crcCheckChance": st.sampled_from(["0.5", "1.0", "0"]),
    "memtableFlushPeriodMs": st.sampled_from([0, 60_000]),
    "speculativeRetry": st.sampled_from(["99PERCENTILE", "99.5p", "ALWAYS", "NONE", "50ms", "MIN(99p,50ms)"]),
    "caching": st.fixed_dictionaries(
        {"keys": st.sampled_from(["ALL", "none"])},
        optional={"rows_per_partition": st.sampled_from(["NONE", "ALL", "10"])},
    ),
    "compaction": st.sampled_from(
        [
            {"class": "SizeTieredCompactionStrategy", "min_threshold": "6"},
            {"class": "org.apache.cassandra.db.compaction.LeveledCompactionStrategy"},
            {"class": "UnifiedCompactionStrategy"},
        ]
    ),
    "compression": st.sampled_from(
        [{"class": "LZ4Compressor", "chunk_length_in_kb": "32"}, {"enabled": "false"}]
    ),
}


@st.composite
def shapes(draw: st.DrawFn) -> dict[str, Any]:
    """A key and a clustering order, and which columns are static: what a reshape keeps."""
    key = draw(st.lists(st.sampled_from(KEYABLE), min_size=1, max_size=4, unique=True))
    cut = draw(st.integers(1, min(2, len(key))))
    partition, clustering = key[:cut], key[cut:][:2]
    shape: dict[str, Any] = {"primaryKey": [partition, clustering] if clustering else [partition]}
    ordered_by = draw(st.booleans())
    if clustering and ordered_by:
        ordered: str = draw(st.sampled_from(clustering))
        descending: bool = draw(st.booleans())
        shape["clusteringOrder"] = {"column": ordered, "isDescending": descending}
    static: set[str] = set()
    for name in TYPES:
        if clustering and name not in key and draw(st.booleans()):
            static.add(name)
    shape["static"] = static
    return shape


@st.composite
def blocks(draw: st.DrawFn, shape: dict[str, Any]) -> dict[str, Any]:
    key = [n for group in shape["primaryKey"] for n in group]
    others = draw(st.lists(st.sampled_from([n for n in TYPES if n not in key]), max_size=4, unique=True))
    columns = [
        {"name": n, "type": TYPES[n]} | ({"isStatic": True} if n in shape["static"] else {})
        for n in [*key, *others]
    ]
    names = draw(st.lists(st.sampled_from(sorted(PROPERTIES)), max_size=4, unique=True))
    block = {k: v for k, v in shape.items() if k != "static"} | {"columns": draw(st.permutations(columns))}
    if names:
        block["properties"] = {n: draw(PROPERTIES[n]) for n in names}
    return block


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = draw(shapes())
    return draw(blocks(shape)), draw(blocks(shape))


@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories())
def test_random_specs_converge(
    history: tuple[dict[str, Any], dict[str, Any]],
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
) -> None:
    load("drop table if exists random_table")
    first, second = history
    converge(driver, connection, [table("random_table", first)])
    converge(driver, connection, [table("random_table", second)])
