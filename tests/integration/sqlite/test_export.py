"""`generate`: the specs exported from a database describe it, so planning them changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver
from schemahero.schema.parsing import parse
from tests.integration.planning import converge, plan
from tests.integration.sql_specs import EXPORTED


def test_exported_specs_plan_to_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(EXPORTED)
    exported = driver.export_spec(connection)
    assert [o.name for o in exported] == ["members", "projects", "users"]
    for obj in exported:
        assert "database" not in obj.spec
        assert parse(obj)[1] == []
    members = exported[0].spec["schema"]["sqlite"]
    assert members["strict"] is True
    assert members["foreignKeys"] == [
        {
            "columns": ["user_id"],
            "references": {"table": "users", "columns": ["id"]},
            "name": "members_user_id_fkey",
        },
        {
            "columns": ["project_owner", "project_slug"],
            "references": {"table": "projects", "columns": ["owner", "slug"]},
            "name": "members_project_owner_project_slug_fkey",
            "onDelete": "set null",
        },
    ]
    users = exported[2].spec["schema"]["sqlite"]
    assert users["columns"][0] == {
        "name": "id",
        "type": "integer",
        "attributes": {"autoIncrement": True},
    }
    assert "indexes" not in users, "partial and expression indexes cannot be exported"
    assert not plan(driver, connection, exported).steps


def test_a_unique_constraint_is_exported_as_a_unique_index(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table tags (id integer primary key, name text unique);")
    exported = driver.export_spec(connection)
    assert exported[0].spec["schema"]["sqlite"]["indexes"] == [{"columns": ["name"], "isUnique": True}]
    converted = converge(driver, connection, exported)
    assert converted.steps[0].sql == "begin transaction", "upstream rebuilds the table once"
    assert not plan(driver, connection, driver.export_spec(connection)).steps
