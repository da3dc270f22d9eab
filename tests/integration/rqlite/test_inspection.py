"""Reading the node: a fixed number of requests, seed rows compared as SQLite stores them, export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.rqlite.http_api import HttpApi, Result, Statement
from schemahero.schema.parsing import parse
from tests.integration.planning import Query, converge, plan
from tests.integration.rqlite.conftest import table
from tests.integration.sql_specs import EXPORTED

ITEMS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "label", "type": "text"},
        {"name": "price", "type": "real"},
        {"name": "raw", "type": "blob"},
    ],
}


def seeds(*rows: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> dict[str, Any]:
        return {} if v is None else {"int": v} if isinstance(v, int) else {"str": v}

    return {"rows": [{"columns": [{"column": c, "value": value(v)} for c, v in row.items()]} for row in rows]}


def test_inspection_is_a_fixed_number_of_requests(
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load(
        "".join(
            f"create table t{i} (id integer primary key, v text references t0 (id));"
            f"create index t{i}_v on t{i} (v);"
            for i in range(40)
        )
    )
    asked: list[Sequence[Statement]] = []
    query = HttpApi.query

    def counting(self: HttpApi, statements: Sequence[Statement]) -> list[Result]:
        asked.append(statements)
        return query(self, statements)

    monkeypatch.setattr(HttpApi, "query", counting)
    objects = [
        table(f"t{i}", {"columns": [{"name": "id", "type": "integer"}]}, seedData=seeds({"id": 1}))
        for i in range(3)
    ]
    plan(driver, connection, objects)
    assert len(asked) == 1 + 4 + 3, "the SQLite version, the catalog, one query per seeded table"
    assert len(driver.export_spec(connection)) == 40
    assert len(asked) == 1 + 4 + 3 + 1 + 4


def test_seed_values_converge_through_type_affinity(
    driver: Driver, connection: Connection, query: Query
) -> None:
    rows = seeds(
        {"id": "1", "label": 5, "price": "2.50", "raw": "x"},
        {"id": 2, "label": "it's", "price": 3, "raw": None},
        {"id": 3},
    )
    applied = converge(driver, connection, [table("items", ITEMS, seedData=rows)])
    assert [s.sql for s in applied.steps][1:] == [
        "replace into items (id, label, price, raw) values ('1', 5, '2.50', 'x')",
        "replace into items (id, label, price, raw) values (2, 'it''s', 3, null)",
        "replace into items (id) values (3)",
    ]
    assert query("select id, label, price, raw from items order by id") == [
        (1, "5", 2.5, "x"),
        (2, "it's", 3.0, None),
        (3, None, None, None),
    ]


def test_exported_specs_plan_to_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(EXPORTED)
    exported = driver.export_spec(connection)
    assert [o.name for o in exported] == ["members", "projects", "users"]
    for obj in exported:
        assert list(obj.spec["schema"]) == ["rqlite"]
        assert parse(obj)[1] == []
    assert exported[0].spec["schema"]["rqlite"]["strict"] is True
    assert not plan(driver, connection, exported).steps
