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
from hypothesis import strategies as st

from schemahero.driver_api import Connection, StepStatus
from schemahero.drivers.sqlite import create_driver
from schemahero.drivers.sqlite.normalizing import STRICT_TYPES
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import HazardKind
from tests.integration.sqlite.conftest import converge, plan, table

NAMES = ["id", "a", "b", "Odd Name", "order"]
LOOSE_TYPES = ["integer", "int", "text", "real", "blob", "numeric", "varchar(20)", "datetime"]
VALUES = {"text": "x'y", "blob": b"\x00\x01", "real": 1.5, "datetime": "2024-01-01"}
PARENT = table(
    "parent",
    {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]},
)


def default_for(column_type: str) -> st.SearchStrategy[str]:
    if column_type in ("integer", "int", "numeric", "any"):
        return st.integers(-5, 5).map(str)
    if column_type == "real":
        return st.sampled_from(["1.5", "-2", "0"])
    return st.text(alphabet="ab' é\"%", max_size=4)


@st.composite
def columns(draw: st.DrawFn, strict: bool) -> list[dict[str, Any]]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    found = []
    for name in names:
        column_type = draw(st.sampled_from(sorted(STRICT_TYPES) if strict else LOOSE_TYPES))
        column: dict[str, Any] = {"name": name, "type": column_type}
        if draw(st.booleans()):
            column["constraints"] = {"notNull": draw(st.booleans())}
        if draw(st.booleans()):
            column["default"] = draw(default_for(column_type))
        found.append(column)
    return found


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, Any]:
    strict = draw(st.booleans())
    cols = draw(columns(strict))
    names = [c["name"] for c in cols]
    block: dict[str, Any] = {"columns": cols}
    if strict:
        block["strict"] = True
    key = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    if key:
        block["primaryKey"] = key
        first = cols[names.index(key[0])]
        if len(key) == 1 and first["type"] == "integer" and draw(st.booleans()):
            first["attributes"] = {"autoIncrement": True}
    indexes = draw(
        st.lists(
            st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True), max_size=2, unique_by=tuple
        )
    )
    block["indexes"] = [
        {
            "columns": c,
            "isUnique": draw(st.booleans()),
            **({"name": f"ix_{i}"} if draw(st.booleans()) else {}),
        }
        for i, c in enumerate(indexes)
    ]
    if draw(st.booleans()):
        fk: dict[str, Any] = {
            "columns": [draw(st.sampled_from(names))],
            "references": {"table": "parent", "columns": ["id"]},
        }
        action = draw(st.sampled_from([None, "cascade", "SET NULL", "no action"]))
        if action:
            fk["onDelete"] = action
        if draw(st.booleans()):
            fk["name"] = "to_parent"
        block["foreignKeys"] = [fk]
    return block


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
