"""Rebuilds on rqlite keep the rows, the indexes, and other tables' foreign keys.

rqlite keeps `legacy_alter_table` on its writing connection between requests, and SQLite's
default (off) makes a rename repoint every foreign key at the renamed table: a rebuild's
rename would leave other tables referencing the table it then drops. The driver turns the
pragma on around its statements and off again, for the node's other clients.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from tests.integration.planning import Query, converge, plan
from tests.integration.rqlite.conftest import table

PROJECTS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}, "default": "unnamed"},
        {"name": "stars", "type": "integer"},
    ],
    "indexes": [{"columns": ["name"]}],
}
REFERENCED = (
    "create table projects (id integer primary key not null, name text, stars text);"
    "create table issues (id integer primary key, project_id integer"
    " references projects (id) on delete cascade);"
    "insert into projects values (1, 'one', '5');"
    "insert into issues values (10, 1);"
)


def references(query: Query) -> list[tuple[object, ...]]:
    return query("select \"table\" from pragma_foreign_key_list('issues')")


def assert_renames_repoint_again(execute: Callable[[str], None], query: Query) -> None:
    """Another client's rename gets SQLite's default: the driver left the pragma off."""
    execute("alter table projects rename to projects_moved")
    assert references(query) == [("projects_moved",)]


@pytest.mark.parametrize("planned", [True, False], ids=["planned", "script"])
def test_other_tables_keep_referencing_the_rebuilt_table(
    planned: bool,
    driver: Driver,
    connection: Connection,
    *,
    load: Callable[[str], None],
    query: Query,
    execute: Callable[[str], None],
) -> None:
    load(REFERENCED)
    objects = [table("projects", PROJECTS)]
    if planned:
        converge(driver, connection, objects)
    else:
        first = plan(driver, connection, objects)
        assert StepKind.REBUILD_TABLE in {s.kind for s in first.steps}
        results = list(driver.apply(connection, [Step(s.sql, StepKind.RAW) for s in first.steps]))
        assert {r.status for r in results} == {StepStatus.APPLIED}
        assert not plan(driver, connection, objects).steps
    (issues_sql,) = query("select sql from sqlite_master where name = 'issues'")[0]
    assert "references projects (id)" in str(issues_sql)
    assert references(query) == [("projects",)]
    assert query("select id, name, stars from projects") == [(1, "one", 5)]
    assert_renames_repoint_again(execute, query)


def test_the_pragma_is_off_again_after_a_failed_plan(
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
    query: Query,
    execute: Callable[[str], None],
) -> None:
    load(REFERENCED + "insert into projects values (2, null, null);")
    objects = [table("projects", PROJECTS)]
    first = plan(driver, connection, objects)
    results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    assert results[-1].status is StepStatus.FAILED
    assert references(query) == [("projects",)]
    assert_renames_repoint_again(execute, query)


def test_a_rebuild_keeps_rows_and_the_indexes_no_spec_can_describe(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table projects (id integer primary key not null, name text, stars real, old text);"
        "create index idx_projects_name on projects (name);"
        "create index starred on projects (name) where stars > 0;"
        "create index lower_name on projects (lower(name));"
        "insert into projects values (1, 'one', 10.0, 'x'), (2, 'two', 2.5, 'y');"
    )
    applied = converge(driver, connection, [table("projects", PROJECTS)])
    assert "drop index idx_projects_name" in [s.sql for s in applied.steps]
    assert not {StepKind.BEGIN, StepKind.COMMIT} & {s.kind for s in applied.steps}
    assert query("select id, name, stars from projects order by id") == [(1, "one", 10), (2, "two", 2.5)]
    assert query("select name from pragma_index_list('projects') order by name") == [
        ("idx_projects_name",),
        ("lower_name",),
        ("starred",),
    ]
    assert query("select count(*) from sqlite_master where name like 'projects\\_%' escape '\\'") == [(0,)]
