"""Random table specs converge: plan, apply, plan again is empty, from any version to another.

Between two random versions of a table (types, nullability, defaults, indexes, the primary key,
foreign keys, STRICT), with a row in it: the plan either applies and a second plan is empty,
or it fails on that row at a step that warned it might, leaving the database as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings

from schemahero.driver_api import Connection, StepStatus
from schemahero.drivers.sqlite import create_driver
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import HazardKind
from tests.integration.planning import converge, plan
from tests.integration.sql_specs import VALUES, blocks
from tests.integration.sqlite.conftest import table

PARENT = table(
    "parent",
    {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]},
)


def one_row(db: Path, spec: SpecObject) -> None:
    """Insert a row with a value of its column's type in every column."""
    cols = spec.spec["schema"]["sqlite"]["columns"]
    values = [VALUES.get(c["type"], 1) for c in cols]
    names = ", ".join('"' + c["name"].replace('"', '""') + '"' for c in cols)
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(f"insert into t ({names}) values ({', '.join('?' for _ in cols)})", values)


def catalog(db: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute("select * from sqlite_master order by name").fetchall()


@settings(
    max_examples=600,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(first=blocks(), second=blocks())
def test_any_version_converges_to_any_other(first: dict[str, Any], second: dict[str, Any]) -> None:
    driver = create_driver()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "t.db"
        connection = Connection(str(db))
        before = [PARENT, table("t", first)]
        converge(driver, connection, before)
        one_row(db, before[1])

        after = [PARENT, table("t", second)]
        planned = plan(driver, connection, after)
        shape = catalog(db)
        results = list(driver.apply(connection, planned.steps, planned.source_hash, after))
        failed = [r for r in results if r.status is StepStatus.FAILED]
        event("failed on the row" if failed else "applied")
        event("rebuilt" if any(s.sql == "commit" for s in planned.steps) else "altered in place")
        if failed:
            kinds = {h.kind for h in planned.steps[failed[0].index].hazards}
            assert HazardKind.MAY_FAIL_ON_DATA in kinds, (failed, planned.steps)
            assert catalog(db) == shape
            assert [s.sql for s in plan(driver, connection, after).steps] == [s.sql for s in planned.steps]
            return
        assert not plan(driver, connection, after).steps, [s.sql for s in planned.steps]
        kept = {c["name"] for c in first["columns"]} & {c["name"] for c in second["columns"]}
        with contextlib.closing(sqlite3.connect(db)) as check:
            (rows,) = check.execute("select count(*) from t").fetchone()
        assert rows == 1 or not kept, "a rebuild keeps the rows when it keeps a column"
        assert not plan(driver, connection, driver.export_spec(connection)).steps
