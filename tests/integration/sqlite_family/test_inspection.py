"""Reading the database: a fixed number of reads however many tables, and `generate`'s export,
whose specs describe the database so that planning them changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver
from schemahero.schema.parsing import parse
from tests.integration.planning import converge, plan
from tests.integration.sql_specs import EXPORTED
from tests.integration.sqlite_family.conftest import Table
from tests.integration.sqlite_family.tables import seeds

VERSION_READS = {"sqlite": 0, "rqlite": 1}
"""Engine -> the reads of the SQLite version before each inspection (rqlite asks the node)."""
REBUILD_OPENS = {"sqlite": "begin transaction", "rqlite": 'alter table "tags" rename to "tags_'}
"""Engine -> how a plan's rebuild of tags begins: SQLite opens a transaction in the plan, rqlite
sends the whole plan as one transactional request."""


def test_inspection_is_a_fixed_number_of_reads(
    driver: Driver,
    connection: Connection,
    *,
    engine: str,
    load: Callable[[str], None],
    table: Table,
    asked: list[object],
) -> None:
    load(
        "".join(
            f"create table t{i} (id integer primary key, v text references t0 (id));"
            f"create index t{i}_v on t{i} (v);"
            for i in range(40)
        )
    )
    assert asked == []
    objects = [
        table(f"t{i}", {"columns": [{"name": "id", "type": "integer"}]}, seedData=seeds({"id": 1}))
        for i in range(3)
    ]
    plan(driver, connection, objects)
    version = VERSION_READS[engine]
    assert len(asked) == version + 4 + 3, "the version, the catalog, one query per seeded table"
    assert len(driver.export_spec(connection)) == 40
    assert len(asked) == version + 4 + 3 + version + 4


def test_exported_specs_plan_to_nothing(
    driver: Driver, connection: Connection, engine: str, load: Callable[[str], None]
) -> None:
    load(EXPORTED)
    exported = driver.export_spec(connection)
    assert [o.name for o in exported] == ["members", "projects", "users"]
    for obj in exported:
        assert "database" not in obj.spec
        assert list(obj.spec["schema"]) == [engine]
        assert parse(obj)[1] == []
    members = exported[0].spec["schema"][engine]
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
    users = exported[2].spec["schema"][engine]
    assert users["columns"][0] == {
        "name": "id",
        "type": "integer",
        "attributes": {"autoIncrement": True},
    }
    assert "indexes" not in users, "partial and expression indexes cannot be exported"
    assert not plan(driver, connection, exported).steps


def test_a_unique_constraint_is_exported_as_a_unique_index(
    driver: Driver, connection: Connection, engine: str, load: Callable[[str], None]
) -> None:
    load("create table tags (id integer primary key, name text unique);")
    exported = driver.export_spec(connection)
    assert exported[0].spec["schema"][engine]["indexes"] == [{"columns": ["name"], "isUnique": True}]
    converted = converge(driver, connection, exported)
    assert converted.steps[0].sql.startswith(REBUILD_OPENS[engine]), "upstream rebuilds the table once"
    assert not plan(driver, connection, driver.export_spec(connection)).steps
