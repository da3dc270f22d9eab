"""What specs ask beyond a table's shape: deletion, fixtures, and kinds SQLite has no use for."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepKind
from schemahero.schema.documents import SpecObject
from tests.integration.planning import Query, converge
from tests.integration.sqlite.conftest import table

USERS = {
    "primaryKey": ["id"],
    "columns": [{"name": "id", "type": "integer"}, {"name": "email", "type": "text"}],
    "indexes": [{"columns": ["email"], "isUnique": True}],
}


def test_a_deleted_table_is_dropped_once(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table old (id integer);")
    applied = converge(driver, connection, [table("old", {"isDeleted": True})])
    assert [(s.sql, s.kind) for s in applied.steps] == [("drop table old", StepKind.DROP_TABLE)]
    assert query("select name from sqlite_master") == []


def test_fixtures_need_no_database(driver: Driver) -> None:
    statements = driver.generate_fixtures([table("users", USERS), table("gone", {"isDeleted": True})])
    assert statements == [
        'create table "users" ("id" integer, "email" text, primary key ("id"))',
        "create unique index idx_users_email on users (email)",
    ]


def test_kinds_sqlite_does_not_manage_make_a_plan_fail_with_a_diagnostic(
    driver: Driver, connection: Connection
) -> None:
    view = SpecObject("View", "v", {"name": "v", "schema": {"sqlite": {"query": "select 1"}}}, "v.yaml")
    planned = driver.plan(connection, [table("users", USERS), view])
    assert not planned.ok and not planned.steps
    assert [(d.code, d.source) for d in planned.diagnostics] == [("unsupported-kind", "v.yaml")]


def test_a_spec_for_another_engine_names_the_missing_block(driver: Driver, connection: Connection) -> None:
    spec = SpecObject("Table", "t", {"name": "t", "schema": {"postgres": {"columns": []}}}, "t.yaml")
    (problem,) = driver.validate_spec([spec])
    assert (problem.code, problem.path) == ("missing-schema", "spec.schema")
