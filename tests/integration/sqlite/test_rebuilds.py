"""Rebuilds keep the rows, the other tables' foreign keys and the indexes they should."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepKind
from tests.integration.planning import Query, converge
from tests.integration.sqlite.conftest import table

PROJECTS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}, "default": "unnamed"},
        {"name": "stars", "type": "integer"},
        {"name": "owner", "type": "text", "default": "nobody"},
    ],
    "indexes": [{"columns": ["name"]}],
}


def test_a_rebuild_keeps_the_rows_of_the_columns_that_stay(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
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


def test_other_tables_keep_referencing_the_rebuilt_table(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table projects (id integer primary key not null, name text, stars text);"
        "create table issues (id integer primary key, project_id integer"
        " references projects (id) on delete cascade);"
        "insert into projects values (1, 'one', '5');"
        "insert into issues values (10, 1);"
    )
    converge(driver, connection, [table("projects", PROJECTS)])
    (issues_sql,) = query("select sql from sqlite_master where name = 'issues'")[0]
    assert "references projects (id)" in issues_sql
    assert query("select \"table\" from pragma_foreign_key_list('issues')") == [("projects",)]
    assert query("pragma foreign_key_check") == []
    assert query("select stars from projects") == [(5,)]


def test_a_rebuild_converts_a_unique_constraint_into_the_index_the_spec_names(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
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
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load(
        "create table projects (id integer primary key not null, name text, stars real);"
        "create index starred on projects (name) where stars > 0;"
        "create index lower_name on projects (lower(name));"
    )
    applied = converge(driver, connection, [table("projects", PROJECTS)])
    assert "CREATE INDEX starred on projects (name) where stars > 0" in [s.sql for s in applied.steps]
    assert query("select name from pragma_index_list('projects') order by name") == [
        ("idx_projects_name",),
        ("lower_name",),
        ("starred",),
    ]
