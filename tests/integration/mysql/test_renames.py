"""previousNames on MariaDB: renamed tables and columns keep their rows, keys and indexes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemahero.driver_api import Connection, Driver, StepKind
from tests.integration.mysql.conftest import converge, table

Query = Callable[[str], list[tuple[Any, ...]]]
ID = {"name": "id", "type": "int", "constraints": {"notNull": True}}


def test_a_renamed_column_and_table_keep_their_rows(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table people (id int primary key, mail varchar(50), key idx_people_mail (mail))")
    load("insert into people values (1, 'a@example.com'), (2, 'b@example.com')")
    email = {
        "name": "email",
        "type": "varchar(50)",
        "constraints": {"notNull": True},
        "previousNames": ["mail"],
    }
    block = {
        "primaryKey": ["id"],
        "columns": [ID, email],
        "indexes": [{"columns": ["email"], "name": "idx_people_mail"}],
    }
    users = table("users", block, previousNames=["people"])

    planned = converge(driver, connection, [users])

    assert [(s.sql, s.kind) for s in planned.steps] == [
        ("rename table `people` to `users`", StepKind.RENAME_TABLE),
        ("alter table `users` rename column `mail` to `email`", StepKind.ALTER_TABLE),
        ("alter table `users` modify column `email` varchar (50) not null", StepKind.ALTER_TABLE),
    ]
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]


def test_an_ambiguous_rename_plans_nothing(
    driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    load("create table users (id int primary key, mail text, email text)")
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}

    result = driver.plan(connection, [table("users", {"primaryKey": ["id"], "columns": [ID, email]})])

    assert not result.steps and [d.code for d in result.diagnostics] == ["ambiguous-rename"]
