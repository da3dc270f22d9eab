"""Applying on MySQL: the GET_LOCK lock, statement-by-statement results, hazards, deletions."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

import pymysql  # type: ignore[import-untyped]
import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode, Step, StepKind, StepStatus
from schemahero.drivers.mysql.uris import parse
from schemahero.schema.hazards import HazardKind
from tests.integration.mysql.conftest import table
from tests.integration.planning import Query, converge, plan

REWRITES, MAY_FAIL = HazardKind.REWRITES_TABLE, HazardKind.MAY_FAIL_ON_DATA

USERS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "int", "constraints": {"notNull": True}},
        {"name": "email", "type": "varchar(100)"},
        {"name": "plan", "type": "varchar(10)"},
    ],
}


def test_a_held_lock_aborts_the_apply(driver: Driver, connection: Connection, query: Query) -> None:
    planned = plan(driver, connection, [table("users", USERS)])
    target = parse(connection.uri)
    with contextlib.closing(pymysql.connect(**target.connect_args())) as other, other.cursor() as cursor:
        cursor.execute("SELECT GET_LOCK(%s, 0)", (f"schemahero:{target.database}",))
        with pytest.raises(DriverError) as refused:
            list(driver.apply(connection, planned.steps, planned.source_hash))
    assert refused.value.code is ErrorCode.ABORTED
    assert query("SHOW TABLES") == []


def test_a_failure_stops_and_says_what_stays(driver: Driver, connection: Connection, query: Query) -> None:
    steps = [
        Step("create table a (id int)", StepKind.RAW),
        Step("create table a (id int)", StepKind.RAW),
        Step("create table b (id int)", StepKind.RAW),
    ]

    results = list(driver.apply(connection, steps))

    assert [(r.index, r.status) for r in results] == [(0, StepStatus.APPLIED), (1, StepStatus.FAILED)]
    assert "already exists" in results[1].message
    assert results[1].message.endswith(
        "; nothing is rolled back, MySQL commits DDL as it runs: the 1 statements before it stay applied"
    )
    assert query("SHOW TABLES") == [("a",)]


def test_hazards_name_what_each_step_risks(driver: Driver, connection: Connection) -> None:
    converge(driver, connection, [table("users", USERS)])
    columns = [
        {"name": "id", "type": "bigint", "constraints": {"notNull": True}},
        {"name": "email", "type": "varchar(100)"},
        {"name": "plan", "type": "varchar(10)", "constraints": {"notNull": True}, "default": "free"},
    ]
    block = {"primaryKey": ["id"], "columns": columns, "indexes": [{"columns": ["email"], "isUnique": True}]}

    steps = plan(driver, connection, [table("users", block)]).steps

    assert [(s.sql, {h.kind for h in s.hazards}) for s in steps] == [
        ("alter table `users` modify column `id` bigint (20) not null", {REWRITES, MAY_FAIL}),
        ('alter table `users` modify column `plan` varchar (10) null default "free"', set()),
        ('update `users` set `plan`="free" where `plan` is null', {HazardKind.CHANGES_DATA}),
        ('alter table `users` modify column `plan` varchar (10) not null default "free"', {REWRITES}),
        ("create unique index idx_users_email on users (email)", {HazardKind.BUILDS_INDEX, MAY_FAIL}),
    ]
    assert all(not s.transactional for s in steps)


def test_a_unique_index_over_duplicates_fails_on_its_step(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    converge(driver, connection, [table("users", USERS)])
    load("insert into users values (1, 'a@example.com', null), (2, 'a@example.com', null)")
    unique = table("users", {**USERS, "indexes": [{"columns": ["email"], "isUnique": True}]})
    planned = plan(driver, connection, [unique])
    # Without the pre-flight checks, which would stop the plan before MariaDB fails it.
    unchecked = [dataclasses.replace(s, checks=()) for s in planned.steps]

    results = list(driver.apply(connection, unchecked, planned.source_hash, [unique]))

    assert [r.status for r in results] == [StepStatus.FAILED]
    assert "Duplicate entry" in results[0].message


def test_deleted_tables_are_dropped_once(driver: Driver, connection: Connection, query: Query) -> None:
    converge(driver, connection, [table("users", USERS)])
    deleted = table("users", {"isDeleted": True})

    planned = converge(driver, connection, [deleted])

    assert [(s.sql, [h.kind for h in s.hazards]) for s in planned.steps] == [
        ("drop table `users`", [HazardKind.DELETES_DATA])
    ]
    assert query("SHOW TABLES") == []


def test_foreign_keys_in_a_cycle_are_added_once_both_tables_exist(
    driver: Driver, connection: Connection
) -> None:
    def block(other: str) -> dict[str, Any]:
        return {
            "primaryKey": ["id"],
            "columns": [{"name": "id", "type": "int"}, {"name": "other_id", "type": "int"}],
            "foreignKeys": [
                {
                    "columns": ["other_id"],
                    "references": {"table": other, "columns": ["id"]},
                    "onDelete": "set null",
                }
            ],
        }

    planned = converge(driver, connection, [table("a", block("b")), table("b", block("a"))])

    assert [s.sql for s in planned.steps] == [
        "create table `b` (`id` int (11), `other_id` int (11), primary key (`id`))",
        "create table `a` (`id` int (11), `other_id` int (11), primary key (`id`), constraint a_other_id_fkey"
        " foreign key (other_id) references b (id) on delete set null)",
        "alter table b add constraint b_other_id_fkey foreign key (other_id) references a (id)"
        " on delete set null",
    ]
