"""Each kind of object through its life: created, changed, deleted, and planned to nothing after
each step. Also tables in other schemas, triggers, seed rows and ways of connecting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode
from schemahero.drivers.postgres.hooks import QUERY_MARK, query_hash
from schemahero.schema.documents import SpecObject
from tests.integration.planning import Query, converge, plan, sql
from tests.integration.postgres.conftest import table
from tests.servers.base import TestDatabase

COLUMNS = [{"name": "id", "type": "integer"}, {"name": "body", "type": "text"}]


def kind(name: str, kind_: str, block: dict[str, Any]) -> SpecObject:
    return SpecObject(kind_, name, {"name": name, "schema": {"postgres": block}}, f"test: {kind_} {name}")


def test_views(driver: Driver, connection: Connection, query: Query) -> None:
    base = table("notes", {"primaryKey": ["id"], "columns": COLUMNS})
    query_text = "select id from notes where length(body) > 10"
    first = converge(driver, connection, [base, kind("long_notes", "View", {"query": query_text})])
    assert sql(first)[1:] == [
        f'create view "long_notes" as {query_text}',
        f"comment on view \"long_notes\" is '{QUERY_MARK}{query_hash(query_text)}'",
    ]
    changed = converge(
        driver,
        connection,
        [base, kind("long_notes", "View", {"query": "SELECT id, body FROM notes WHERE length(body) > 20;"})],
    )
    assert sql(changed)[0].startswith('create or replace view "long_notes" as SELECT id, body')
    assert query("select count(*) from long_notes") == [(0,)]
    gone = converge(driver, connection, [base, kind("long_notes", "View", {"query": "x", "isDeleted": True})])
    assert sql(gone) == ['drop view "long_notes"']


def test_a_view_made_elsewhere_is_compared_by_its_text(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table notes (id integer); create view ids as select id from notes;")
    exported = [o for o in driver.export_spec(connection) if o.kind == "View"]
    assert not plan(driver, connection, exported).steps


def test_functions(driver: Driver, connection: Connection, query: Query) -> None:
    def add(body: str, *params: tuple[str, str]) -> SpecObject:
        block = {
            "lang": "sql",
            "return": "integer",
            "as": body,
            "params": [{"name": n, "type": t} for n, t in params],
        }
        return kind("add", "Function", block)

    created = converge(driver, connection, [add("select a + b", ("a", "int"), ("b", "integer"))])
    assert sql(created) == [
        "create function add(a int, b integer) returns integer as\n$_SCHEMAHERO_$\nselect a + "
        "b\n$_SCHEMAHERO_$\nlanguage sql"
    ]
    body = converge(driver, connection, [add("select a + b + 0", ("a", "int"), ("b", "integer"))])
    assert sql(body)[0].startswith("create or replace function add(a int, b integer)")
    signature = converge(driver, connection, [add("select a", ("a", "bigint"))])
    assert sql(signature)[0] == "drop function add(integer, integer)"
    assert query("select add(41)") == [(41,)]
    dropped = converge(driver, connection, [kind("add", "Function", {"as": "", "isDeleted": True})])
    assert sql(dropped) == ["drop function add(bigint)"]


def test_extensions(driver: Driver, connection: Connection, query: Query) -> None:
    spec = SpecObject("DatabaseExtension", "cube", {"postgres": {"name": "cube"}})
    assert sql(converge(driver, connection, [spec])) == ['create extension if not exists "cube"']
    cubes = table("boxes", {"columns": [{"name": "box", "type": "cube"}]})
    converge(driver, connection, [spec, cubes])
    assert query("select count(*) from pg_extension where extname = 'cube'") == [(1,)]


def test_enum_types(driver: Driver, connection: Connection) -> None:
    def mood(*values: str, deleted: bool = False) -> SpecObject:
        return kind("mood", "DataType", {"values": list(values), "isDeleted": deleted})

    assert sql(converge(driver, connection, [mood("sad", "ok")])) == [
        "create type \"mood\" as enum ('sad', 'ok')"
    ]
    reordered = converge(driver, connection, [mood("ok", "sad")])
    assert sql(reordered) == ['drop type "mood"', "create type \"mood\" as enum ('ok', 'sad')"]
    assert sql(converge(driver, connection, [mood("ok", deleted=True)])) == ['drop type "mood"']


def test_triggers(driver: Driver, connection: Connection, load: Callable[[str], None]) -> None:
    load("create function stamp() returns trigger language plpgsql as $$ begin return new; end $$;")

    def notes(*triggers: dict[str, Any]) -> SpecObject:
        return table("notes", {"primaryKey": ["id"], "columns": COLUMNS, "triggers": list(triggers)})

    stamp = {
        "name": "stamp",
        "events": ["before insert", 'before update of "body"'],
        "forEachRun": True,
        "executeProcedure": "stamp('x')",
    }
    created = converge(driver, connection, [notes(stamp)])
    assert sql(created)[1] == (
        'create trigger "stamp" before insert or update of "body" on "notes" for each row execute '
        "procedure stamp('x')"
    )
    when = {**stamp, "condition": "NEW.body IS DISTINCT FROM OLD.body", "events": ["before update"]}
    changed = converge(driver, connection, [notes(when)])
    assert sql(changed) == [
        'drop trigger "stamp" on "notes"',
        'create trigger "stamp" before update on "notes" for each row when (NEW.body IS DISTINCT FROM '
        "OLD.body) "
        "execute procedure stamp('x')",
    ]
    assert sql(converge(driver, connection, [notes()])) == ['drop trigger "stamp" on "notes"']


def test_tables_in_schemas(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create schema audit; create schema other")
    audit = table("events", {"schema": "audit", "primaryKey": ["id"], "columns": COLUMNS})
    other = table("events", {"schema": "other", "primaryKey": ["id"], "columns": COLUMNS[:1]})
    linked = table(
        "links",
        {
            "schema": "other",
            "columns": [{"name": "event", "type": "integer"}, {"name": "audited", "type": "integer"}],
            "foreignKeys": [
                {"columns": ["event"], "references": {"table": "events", "columns": ["id"]}},
                {
                    "columns": ["audited"],
                    "references": {"table": "audit.events", "columns": ["id"]},
                    "name": "audited_fk",
                },
            ],
        },
    )
    planned = converge(driver, connection, [linked, audit, other])
    assert sql(planned)[0] == 'create table "audit"."events" ("id" integer, "body" text, primary key ("id"))'
    assert 'references "other"."events" ("id")' in sql(planned)[2]
    assert 'references "audit"."events" ("id")' in sql(planned)[2]
    assert query("select count(*) from information_schema.tables where table_name = 'events'") == [(2,)]


def test_seed_rows_are_compared_in_the_columns_types(
    driver: Driver, connection: Connection, query: Query
) -> None:
    columns = [
        {"name": "id", "type": "integer"},
        {"name": "at", "type": "timestamptz"},
        {"name": "note", "type": "text"},
        {"name": "flag", "type": "boolean"},
    ]
    rows = [
        [
            ("id", {"int": 1}),
            ("at", {"str": "2024-01-01T00:00:00Z"}),
            ("note", {"str": "a\nb\\c 'd'"}),
            ("flag", {"str": "yes"}),
        ],
        [("id", {"int": 2}), ("at", {}), ("note", {}), ("flag", {"str": "f"})],
    ]
    seed = {"rows": [{"columns": [{"column": c, "value": v} for c, v in row]} for row in rows]}
    converge(driver, connection, [table("events", {"primaryKey": ["id"], "columns": columns}, seedData=seed)])
    assert query("select note from events where id = 1") == [("a\nb\\c 'd'",)]
    query("update events set note = 'changed' where id = 1 returning id")
    again = plan(
        driver, connection, [table("events", {"primaryKey": ["id"], "columns": columns}, seedData=seed)]
    )
    assert [s.sql.split(" values ")[1][:4] for s in again.steps] == ["(1, "]


def test_seed_rows_without_primary_key(driver: Driver, connection: Connection, query: Query) -> None:
    seed = {"rows": [{"columns": [{"column": "name", "value": {"str": "x"}}]}]}
    spec = table("tags", {"columns": [{"name": "name", "type": "text"}]}, seedData=seed)
    assert sql(converge(driver, connection, [spec])) == [
        'create table "tags" ("name" text)',
        "insert into tags (name) values ('x')",
    ]
    assert query("select count(*) from tags") == [(1,)]


def test_connections(driver: Driver, database: TestDatabase, load: Callable[[str], None]) -> None:
    load("create schema elsewhere")
    spec = [table("placed", {"columns": [{"name": "id", "type": "integer"}]})]
    for key in ("search_path", "schema"):
        uri = f"{database.uri}&{key}=elsewhere"
        planned = converge(driver, Connection(uri), spec)
        assert sql(planned) in (['create table "placed" ("id" integer)'], [])
    located = driver.export_spec(Connection(database.uri))
    assert [(o.name, o.spec["schema"]["postgres"]["schema"]) for o in located] == [("placed", "elsewhere")]
    parts = database.uri.split("@")[1]
    host, rest = parts.split("/", 1)
    by_parts = Connection(
        params={
            "host": host.split(":")[0],
            "port": host.split(":")[1],
            "user": "schemahero",
            "password": "!@#$%^&*(){}'\";",
            "dbname": rest.split("?")[0],
            "sslmode": "disable",
            "schema": "elsewhere",
        }
    )
    assert not plan(driver, by_parts, spec).steps
    with pytest.raises(DriverError) as refused:
        driver.check_connection(Connection(database.uri.replace("%21%40", "nope")))
    assert refused.value.code is ErrorCode.UNAVAILABLE and "nope" not in str(refused.value)
    with pytest.raises(DriverError) as refused:
        driver.check_connection(Connection("mysql://x"))
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT
