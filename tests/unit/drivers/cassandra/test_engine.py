"""What the driver says of itself, and fixtures planned with no database."""

from __future__ import annotations

from schemahero.driver_api.types import Capability
from schemahero.drivers.cassandra import create_driver
from schemahero.schema.documents import SpecObject
from tests.unit.drivers.cassandra.conftest import spec


def test_capabilities_promise_no_transaction_and_no_lock() -> None:
    driver = create_driver()
    assert driver.capabilities() == {
        Capability.TYPES,
        Capability.SEED_DATA,
        Capability.EXPORT_SPEC,
        Capability.FIXTURES,
    }
    info = driver.plugin_info()
    assert info.engines == ("cassandra",)
    assert "primaryKey" in info.spec_schemas["cassandra"]["properties"]


def test_fixtures_create_types_then_tables_without_seed_rows() -> None:
    table = spec(
        {
            "primaryKey": [["id"]],
            "columns": [{"name": "id", "type": "int"}, {"name": "p", "type": "frozen<point>"}],
        },
        seedData={"rows": [{"columns": [{"column": "id", "value": {"int": 1}}]}]},
    )
    point = SpecObject(
        "DataType",
        "point",
        {"name": "point", "schema": {"cassandra": {"fields": [{"name": "x", "type": "int"}]}}},
        "t",
    )
    assert create_driver().generate_fixtures([table, point]) == [
        'create type "point" (x int)',
        'create table "users" (id int, p frozen<point>, primary key (id))',
    ]
