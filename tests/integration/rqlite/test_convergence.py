"""Random table specs converge on the real node: plan, apply, plan again is empty.

The specs are drawn by the strategies the SQLite tests draw from too (tests/integration/
sql_specs.py): types, nullability, defaults, indexes, the primary key, foreign keys,
STRICT. Between two random versions of a table with a row in it, the plan either applies and a
second plan is empty, or fails on that row at a step that warned it might, leaving the schema
as it was. Bounded, since every write goes through the node's Raft log.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings

from schemahero.driver_api import Connection, StepKind, StepStatus
from schemahero.drivers.rqlite import create_driver
from schemahero.drivers.sqlite.quoting import QUOTE
from schemahero.schema.hazards import HazardKind
from tests.conftest import Servers
from tests.integration.planning import converge, plan
from tests.integration.rqlite.conftest import table
from tests.integration.sql_specs import VALUES, blocks
from tests.servers.reading import over_http

PARENT = table("parent", {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]})
CATALOG = "select * from sqlite_master order by name"


def one_row(uri: str, block: dict[str, Any]) -> None:
    """Insert a row with a value of its column's type in every column (blobs as literals)."""
    columns = block["columns"]
    names = ", ".join(QUOTE.always(c["name"]) for c in columns)
    marks = ", ".join("x'0001'" if c["type"] == "blob" else "?" for c in columns)
    values = [VALUES.get(c["type"], 1) for c in columns if c["type"] != "blob"]
    over_http(uri, "/db/execute", [[f"insert into t ({names}) values ({marks})", *values]])


@settings(
    max_examples=200,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(first=blocks(), second=blocks())
def test_any_version_converges_to_any_other(
    servers: Servers, first: dict[str, Any], second: dict[str, Any]
) -> None:
    database = servers.database("rqlite")
    driver, connection = create_driver(), Connection(database.uri)
    converge(driver, connection, [PARENT, table("t", first)])
    one_row(database.uri, first)

    after = [PARENT, table("t", second)]
    planned = plan(driver, connection, after)
    shape = over_http(database.uri, "/db/query", [CATALOG])
    results = list(driver.apply(connection, planned.steps, planned.source_hash, after))
    failed = [r for r in results if r.status is StepStatus.FAILED]
    event("failed on the row" if failed else "applied")
    rebuilt = any(s.kind is StepKind.REBUILD_TABLE for s in planned.steps)
    event("rebuilt" if rebuilt else "altered in place")
    if failed:
        kinds = {h.kind for h in planned.steps[failed[0].index].hazards}
        assert HazardKind.MAY_FAIL_ON_DATA in kinds, (failed, planned.steps)
        assert over_http(database.uri, "/db/query", [CATALOG]) == shape
        assert [s.sql for s in plan(driver, connection, after).steps] == [s.sql for s in planned.steps]
        return
    assert not plan(driver, connection, after).steps, [s.sql for s in planned.steps]
    kept = {c["name"] for c in first["columns"]} & {c["name"] for c in second["columns"]}
    assert over_http(database.uri, "/db/query", ["select count(*) from t"]) == [(1,)] or not kept
    assert not plan(driver, connection, driver.export_spec(connection)).steps
