"""Random specs converge: each state of a random sequence plans, applies, and plans to nothing.

A column keeps its type family for the whole sequence (PostgreSQL cannot cast text to integer
without a USING clause, which a plan never invents), but its length, nullability, default,
indexes and presence change from one state to the next; so do tables, foreign keys and seeds.
The specs stay ones that can hold the rows already there: a NOT NULL column has a default to
fill them, and only tables without seed rows get unique indexes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemahero.driver_api import Connection, Driver
from schemahero.drivers.postgres import create_driver
from schemahero.schema.documents import SpecObject
from tests.conftest import Servers
from tests.integration.planning import converge
from tests.integration.postgres.conftest import table

FAMILIES: dict[str, tuple[list[str], list[str | None]]] = {
    "int": (["integer", "bigint", "int8"], [None, "0", "42", "-1"]),
    "text": (["text", "varchar(20)", "varchar(200)", "character varying(50)"], [None, "", "x", "it's"]),
    "bool": (["boolean", "bool"], [None, "true", "false"]),
    "time": (["timestamp", "timestamptz", "timestamp(3)"], [None, "now()", "CURRENT_TIMESTAMP"]),
    "money": (["numeric(10,2)", "decimal(12,2)"], [None, "1.50", "0"]),
    "json": (["jsonb"], [None, "'{}'::jsonb"]),
    "uuid": (["uuid"], [None, "gen_random_uuid()"]),
    "list": (["text[]"], [None, "'{}'"]),
}
COLUMN_NAMES = ["name", "order", "Mixed Case", "value", "user", "created", "data"]
TABLE_NAMES = ["items", "Order", "t_a"]
SEEDED = "items"


@st.composite
def column(draw: st.DrawFn, name: str, family: str) -> dict[str, Any]:
    types, defaults = FAMILIES[family]
    spec: dict[str, Any] = {"name": name, "type": draw(st.sampled_from(types))}
    default = draw(st.sampled_from(defaults))
    if default is not None:
        spec["default"] = default
    if default is not None and draw(st.booleans()):
        spec["constraints"] = {"notNull": True}
    return spec


@st.composite
def state(draw: st.DrawFn, families: dict[str, str]) -> list[SpecObject]:
    names = draw(st.lists(st.sampled_from(TABLE_NAMES), min_size=1, max_size=3, unique=True))
    objects = []
    for position, name in enumerate(names):
        chosen = draw(st.lists(st.sampled_from(COLUMN_NAMES), max_size=4, unique=True))
        columns = [{"name": "id", "type": "integer"}] + [draw(column(c, families[c])) for c in chosen]
        block: dict[str, Any] = {"primaryKey": ["id"], "columns": columns}
        indexable = [c for c in chosen if families[c] in ("int", "text", "bool", "time", "money", "uuid")]
        if indexable and draw(st.booleans()):
            picked = draw(st.lists(st.sampled_from(indexable), min_size=1, max_size=2, unique=True))
            unique = name != SEEDED and draw(st.booleans())
            block["indexes"] = [{"columns": picked, "isUnique": unique}]
        if position and draw(st.booleans()):
            columns.append({"name": "parent_id", "type": "integer"})
            action = draw(st.sampled_from([None, "cascade", "set null"]))
            key = {"columns": ["parent_id"], "references": {"table": names[0], "columns": ["id"]}}
            block["foreignKeys"] = [{**key, "onDelete": action} if action else key]
        seed = {}
        if name == SEEDED and draw(st.booleans()):
            rows = [{"columns": [{"column": "id", "value": {"int": i}}]} for i in (1, 2)]
            seed = {"seedData": {"rows": rows}}
        objects.append(table(name, block, **seed))
    objects += [table(n, {"isDeleted": True}) for n in TABLE_NAMES if n not in names]
    return objects


@st.composite
def sequences(draw: st.DrawFn) -> list[list[SpecObject]]:
    families = {name: draw(st.sampled_from(sorted(FAMILIES))) for name in COLUMN_NAMES}
    return draw(st.lists(state(families), min_size=1, max_size=3))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=sequences())
def test_random_specs_converge(servers: Servers, steps: list[list[SpecObject]]) -> None:
    driver: Driver = create_driver()
    connection = Connection(servers.database("postgres").uri)
    for objects in steps:
        converge(driver, connection, objects)
