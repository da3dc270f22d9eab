"""`generate`: a keyspace exported as specs, which describe it (planning them changes nothing)."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver
from tests.integration.planning import plan

FIXTURE = """
create type point (x double, y double);
create table shapes (
  owner text, kind text, at timestamp, corner frozen<point>, label varchar static, tags set<text>,
  primary key ((owner, kind), at)
) with clustering order by (at desc) and comment = 'shapes'
  and compaction = {'class': 'LeveledCompactionStrategy'} and speculative_retry = '95PERCENTILE';
create table plain (id int primary key);
"""


def test_an_exported_keyspace_plans_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(FIXTURE)
    exported = driver.export_spec(connection)
    assert [(o.kind, o.name) for o in exported] == [
        ("DataType", "point"),
        ("Table", "plain"),
        ("Table", "shapes"),
    ]
    assert exported[0].spec["schema"]["cassandra"] == {
        "fields": [{"name": "x", "type": "double"}, {"name": "y", "type": "double"}]
    }
    shapes = exported[2].spec["schema"]["cassandra"]
    assert shapes["primaryKey"] == [["owner", "kind"], ["at"]]
    assert shapes["clusteringOrder"] == {"column": "at", "isDescending": True}
    assert {"name": "label", "type": "text", "isStatic": True} in shapes["columns"]
    assert shapes["properties"]["comment"] == "shapes"
    assert shapes["properties"]["speculativeRetry"] == "95p"
    assert not plan(driver, connection, exported).steps
