"""Applying: one transaction (rolled back whole on failure), steps that must run outside it,
the advisory lock, stale plans, and `apply --ddl` statement by statement."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode, Step, StepKind, StepStatus
from schemahero.drivers.postgres.apply import LOCK_KEY
from schemahero.schema.documents import SpecObject
from schemahero.schema.fingerprint import fingerprint
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import Schema
from tests.integration.planning import Query, converge, plan
from tests.integration.postgres.conftest import table
from tests.servers.base import TestDatabase


def test_a_failed_step_rolls_back_the_plan(driver: Driver, connection: Connection, query: Query) -> None:
    steps = [
        Step('create table "a" ("id" integer)', StepKind.CREATE_TABLE),
        Step('insert into "a" values (1)', StepKind.UPSERT_ROWS),
        Step('alter table "missing" add column "x" integer', StepKind.ALTER_TABLE),
        Step('create table "b" ("id" integer)', StepKind.CREATE_TABLE),
    ]
    nothing_named = fingerprint(Schema(), [])
    results = list(driver.apply(connection, steps, nothing_named))
    assert [(r.index, r.status) for r in results] == [
        (0, StepStatus.ROLLED_BACK),
        (1, StepStatus.ROLLED_BACK),
        (2, StepStatus.FAILED),
    ]
    assert results[2].message.startswith('42P01: relation "missing" does not exist')
    assert query("select count(*) from pg_class where relname in ('a', 'b')") == [(0,)]


def test_statements_of_a_script_run_one_by_one(driver: Driver, connection: Connection, query: Query) -> None:
    steps = [
        Step('create table "a" ("id" integer)', StepKind.RAW),
        Step("this is not sql", StepKind.RAW),
        Step('create table "b" ("id" integer)', StepKind.RAW),
    ]
    results = list(driver.apply(connection, steps))
    assert [r.status for r in results] == [StepStatus.APPLIED, StepStatus.FAILED]
    assert query("select relname from pg_class where relname in ('a', 'b')") == [("a",)]


def test_enum_values_are_added_outside_the_transaction(driver: Driver, connection: Connection) -> None:
    def mood(*values: str) -> SpecObject:
        return SpecObject(
            "DataType", "mood", {"name": "mood", "schema": {"postgres": {"values": list(values)}}}
        )

    def person(default: str) -> SpecObject:
        columns = [{"name": "id", "type": "integer"}, {"name": "feeling", "type": "mood", "default": default}]
        return table("person", {"primaryKey": ["id"], "columns": columns})

    converge(driver, connection, [mood("sad", "ok"), person("ok")])
    planned = converge(driver, connection, [mood("sad", "meh", "ok", "happy"), person("happy")])
    assert [(s.sql, s.transactional) for s in planned.steps] == [
        ("alter type \"mood\" add value 'meh' after 'sad'", False),
        ("alter type \"mood\" add value 'happy' after 'ok'", False),
        ('alter table "person" alter column "feeling" set default \'happy\'', True),
    ]


def test_another_apply_holds_the_lock(driver: Driver, connection: Connection, database: TestDatabase) -> None:
    objects = [table("t", {"columns": [{"name": "id", "type": "integer"}]})]
    planned = plan(driver, connection, objects)
    with psycopg.connect(database.uri, autocommit=True) as other:
        other.execute("select pg_advisory_lock(%s)", [LOCK_KEY])
        with pytest.raises(DriverError) as refused:
            list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    assert refused.value.code is ErrorCode.ABORTED
    converge(driver, connection, objects)


def test_a_plan_made_before_a_change_is_refused(driver: Driver, connection: Connection, query: Query) -> None:
    objects = [table("t", {"columns": [{"name": "id", "type": "integer"}, {"name": "v", "type": "text"}]})]
    converge(driver, connection, [table("t", {"columns": [{"name": "id", "type": "integer"}]})])
    planned = plan(driver, connection, objects)
    with psycopg.connect(connection.uri, autocommit=True) as other:
        other.execute('alter table "t" add column "w" integer')
    with pytest.raises(DriverError) as refused:
        list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    assert refused.value.code is ErrorCode.FAILED_PRECONDITION
    assert query("select count(*) from information_schema.columns where table_name = 't'") == [(2,)]


def test_steps_carry_their_hazards(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load(
        "create table t (id integer primary key, gone text, narrow varchar(100), loose text, wide "
        "varchar(10));"
        "create table old (id integer)"
    )
    columns = [
        {"name": "id", "type": "integer"},
        {"name": "narrow", "type": "varchar(10)"},
        {"name": "loose", "type": "text", "constraints": {"notNull": True}},
        {"name": "wide", "type": "varchar(20)"},
    ]
    objects = [
        table(
            "t",
            {"primaryKey": ["id"], "columns": columns, "indexes": [{"columns": ["loose"], "isUnique": True}]},
        ),
        table("old", {"isDeleted": True}),
    ]
    hazards = {s.sql: {h.kind for h in s.hazards} for s in plan(driver, connection, objects).steps}
    assert hazards == {
        'alter table "t" alter column "loose" set not null': {
            HazardKind.MAY_FAIL_ON_DATA,
            HazardKind.EXCLUSIVE_LOCK,
        },
        'alter table "t" alter column "narrow" type character varying (10)': {
            HazardKind.REWRITES_TABLE,
            HazardKind.EXCLUSIVE_LOCK,
            HazardKind.DELETES_DATA,
            HazardKind.MAY_FAIL_ON_DATA,
        },
        'alter table "t" alter column "wide" type character varying (20)': set(),
        'alter table "t" drop column "gone"': {HazardKind.DELETES_DATA},
        "create unique index idx_t_loose on t (loose)": {
            HazardKind.BUILDS_INDEX,
            HazardKind.EXCLUSIVE_LOCK,
            HazardKind.MAY_FAIL_ON_DATA,
        },
        'drop table "old"': {HazardKind.DELETES_DATA},
    }


def test_an_sql_function_may_name_a_table_the_same_plan_creates(
    driver: Driver, connection: Connection
) -> None:
    function = SpecObject(
        "Function",
        "order_count",
        {
            "name": "order_count",
            "schema": {"postgres": {"lang": "sql", "return": "bigint", "as": "select count(*) from orders"}},
        },
        "test: Function order_count",
    )
    orders = SpecObject(
        "Table",
        "orders",
        {
            "name": "orders",
            "schema": {"postgres": {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]}},
        },
        "test: Table orders",
    )
    plan = driver.plan(connection, [orders, function])
    assert [s.object.kind for s in plan.steps if s.object][:2] == ["function", "table"]
    results = list(driver.apply(connection, plan.steps, plan.source_hash))
    assert {r.status.value for r in results} == {"APPLIED"}
    assert not driver.plan(connection, [orders, function]).steps
