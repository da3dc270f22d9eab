"""previousNames on PostgreSQL: renamed tables and columns keep their rows, and say they rename."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepKind
from schemahero.schema.hazards import HazardKind
from tests.integration.postgres.conftest import Query, converge, table

ID = {"name": "id", "type": "integer"}


def test_a_renamed_column_and_table_keep_their_rows(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id integer primary key, mail text)")
    load("create index idx_people_mail on people (mail)")
    load("insert into people values (1, 'a@example.com'), (2, 'b@example.com')")
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}
    block = {
        "primaryKey": ["id"],
        "columns": [ID, email],
        "indexes": [{"columns": ["email"], "name": "idx_people_mail"}],
    }
    users = table("users", block, previousNames=["people"])

    planned = converge(driver, connection, [users])

    assert [(s.sql, s.kind) for s in planned.steps] == [
        ('alter table "people" rename to "users"', StepKind.RENAME_TABLE),
        ('alter table "users" rename column "mail" to "email"', StepKind.ALTER_TABLE),
    ]
    assert all(HazardKind.RENAMES in {h.kind for h in s.hazards} for s in planned.steps)
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]
    assert query("select indexdef from pg_indexes where indexname = 'idx_people_mail'") == [
        ("CREATE INDEX idx_people_mail ON public.users USING btree (email)",)
    ]


def test_timescaledb_plans_the_same_renames(
    timescale_driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id integer primary key, mail text); insert into people values (1, 'a')")
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}
    users = table(
        "users", {"primaryKey": ["id"], "columns": [ID, email]}, "timescaledb", previousNames=["people"]
    )

    planned = converge(timescale_driver, connection, [users])

    assert [s.kind for s in planned.steps] == [StepKind.RENAME_TABLE, StepKind.ALTER_TABLE]
    assert query("select id, email from users") == [(1, "a")]
