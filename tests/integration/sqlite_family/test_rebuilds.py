"""Rebuilds keep the rows, the other tables' foreign keys and the indexes they should."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from tests.integration.planning import Query, converge, plan
from tests.integration.sqlite_family.conftest import Table
from tests.integration.sqlite_family.tables import (
    PROJECTS,
    REFERENCED,
    assert_renames_repoint_again,
    references,
)

TRANSACTION_STEPS = {"sqlite": {StepKind.BEGIN, StepKind.COMMIT}, "rqlite": set()}
"""Engine -> the steps bracketing a rebuild in a plan: rqlite sends a plan as one transactional
request, so its plans have none."""


def test_a_rebuild_keeps_the_rows_of_the_columns_that_stay(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query, table: Table
) -> None:
    load(
        "create table projects (id integer primary key not null, name text, stars real, old text);"
        "create index idx_projects_name on projects (name);"
        "insert into projects values (1, 'one', 10.0, 'x'), (2, 'two', 2.5, 'y');"
    )
    applied = converge(driver, connection, [table("projects", PROJECTS)])
    assert StepKind.REBUILD_TABLE in {s.kind for s in applied.steps}
    assert "drop index idx_projects_name" in [s.sql for s in applied.steps]
    assert query("select id, name, stars, owner from projects order by id") == [
        (1, "one", 10, "nobody"),
        (2, "two", 2.5, "nobody"),
    ]
    assert query("select name from sqlite_master where type = 'index'") == [("idx_projects_name",)]
    assert query("select count(*) from sqlite_master where name like 'projects\\_%' escape '\\'") == [(0,)]


@pytest.mark.parametrize("planned", [True, False], ids=["planned", "script"])
def test_other_tables_keep_referencing_the_rebuilt_table(
    planned: bool,
    driver: Driver,
    connection: Connection,
    *,
    load: Callable[[str], None],
    query: Query,
    table: Table,
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
    assert query("pragma foreign_key_check") == []
    assert query("select stars from projects") == [(5,)]
    assert query("select id, name, stars from projects") == [(1, "one", 5)]
    assert_renames_repoint_again(load, query)


def test_a_rebuild_converts_a_unique_constraint_into_the_index_the_spec_names(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query, table: Table
) -> None:
    load(
        "create table projects (id integer primary key not null, name text not null unique);"
        "insert into projects values (1, 'a'), (2, 'b');"
    )
    block = {
        "primaryKey": ["id"],
        "columns": [
            {"name": "id", "type": "integer", "constraints": {"notNull": True}},
            {"name": "name", "type": "text", "constraints": {"notNull": True}},
        ],
        "indexes": [{"columns": ["name"], "isUnique": True}],
    }
    converge(driver, connection, [table("projects", block)])
    assert query("select name, origin from pragma_index_list('projects')") == [("idx_projects_name", "c")]
    assert query("select count(*) from projects") == [(2,)]


def test_indexes_no_spec_can_describe_are_left_alone_and_survive_a_rebuild(
    driver: Driver,
    connection: Connection,
    *,
    engine: str,
    load: Callable[[str], None],
    query: Query,
    table: Table,
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
    assert "CREATE INDEX starred on projects (name) where stars > 0" in [s.sql for s in applied.steps]
    assert {StepKind.BEGIN, StepKind.COMMIT} & {s.kind for s in applied.steps} == TRANSACTION_STEPS[engine]
    assert query("select id, name, stars from projects order by id") == [(1, "one", 10), (2, "two", 2.5)]
    assert query("select name from pragma_index_list('projects') order by name") == [
        ("idx_projects_name",),
        ("lower_name",),
        ("starred",),
    ]
    assert query("select count(*) from sqlite_master where name like 'projects\\_%' escape '\\'") == [(0,)]
