"""Random table specs converge: plan, apply, plan again is empty, from any version to another.

Between two random versions of a table (types, nullability, defaults, indexes, the primary key,
foreign keys, STRICT), with a row in it: the plan either applies and a second plan is empty,
or it fails on that row at a step that warned it might, leaving the schema as it was. Fewer
examples on rqlite, where every write goes through the node's Raft log.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings

from schemahero.driver_api import Connection, Driver, StepKind, StepStatus
from schemahero.drivers.sqlite.quoting import QUOTE
from schemahero.schema.hazards import HazardKind
from tests.conftest import Servers
from tests.integration.planning import converge, plan
from tests.integration.sql_specs import VALUES, blocks
from tests.integration.sqlite_family.conftest import Table
from tests.servers.base import TestDatabase
from tests.servers.reading import over_http, rows

EXAMPLES = {"sqlite": 600, "rqlite": 200}
CATALOG = "select * from sqlite_master order by name"


def _sqlite_write(uri: str, sql: str, values: list[Any]) -> None:
    with contextlib.closing(sqlite3.connect(uri)) as db, db:
        db.execute(sql, values)


WRITES: dict[str, Callable[[str, str, list[Any]], None]] = {
    "sqlite": _sqlite_write,
    "rqlite": lambda uri, sql, values: over_http(uri, "/db/execute", [[sql, *values]]),
}
"""Engine -> one statement with bound values, sent as another client sends it."""


def one_row(database: TestDatabase, block: dict[str, Any]) -> None:
    """Insert a row with a value of its column's type in every column (blobs as literals, which
    rqlite's JSON cannot bind)."""
    columns = block["columns"]
    names = ", ".join(QUOTE.always(c["name"]) for c in columns)
    marks = ", ".join("x'0001'" if c["type"] == "blob" else "?" for c in columns)
    values = [VALUES.get(c["type"], 1) for c in columns if c["type"] != "blob"]
    WRITES[database.driver](database.uri, f"insert into t ({names}) values ({marks})", values)


def test_any_version_converges_to_any_other(
    servers: Servers, engine: str, driver: Driver, table: Table
) -> None:
    parent = table("parent", {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]})

    @settings(
        max_examples=EXAMPLES[engine],
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(first=blocks(), second=blocks())
    def converges(first: dict[str, Any], second: dict[str, Any]) -> None:
        database = servers.database(engine)
        connection = Connection(database.uri)
        converge(driver, connection, [parent, table("t", first)])
        one_row(database, first)

        after = [parent, table("t", second)]
        planned = plan(driver, connection, after)
        shape = rows(database, CATALOG)
        results = list(driver.apply(connection, planned.steps, planned.source_hash, after))
        failed = [r for r in results if r.status is StepStatus.FAILED]
        event("failed on the row" if failed else "applied")
        rebuilt = any(s.kind is StepKind.REBUILD_TABLE for s in planned.steps)
        event("rebuilt" if rebuilt else "altered in place")
        if failed:
            kinds = {h.kind for h in planned.steps[failed[0].index].hazards}
            assert HazardKind.MAY_FAIL_ON_DATA in kinds, (failed, planned.steps)
            assert rows(database, CATALOG) == shape
            assert [s.sql for s in plan(driver, connection, after).steps] == [s.sql for s in planned.steps]
            return
        assert not plan(driver, connection, after).steps, [s.sql for s in planned.steps]
        kept = {c["name"] for c in first["columns"]} & {c["name"] for c in second["columns"]}
        count = rows(database, "select count(*) from t")
        assert count == [(1,)] or not kept, "a rebuild keeps the rows when it keeps a column"
        assert not plan(driver, connection, driver.export_spec(connection)).steps

    converges()
