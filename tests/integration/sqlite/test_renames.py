"""previousNames on real SQLite: a rename keeps the data; ambiguity changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from schemahero.driver_api.types import Connection, StepKind
from schemahero.plugins import in_tree
from schemahero.schema.documents import SpecObject


def table(name: str, columns: list[dict[str, Any]], previous: list[str] | None = None) -> SpecObject:
    spec: dict[str, Any] = {"name": name, "schema": {"sqlite": {"primaryKey": ["id"], "columns": columns}}}
    if previous:
        spec["previousNames"] = previous
    return SpecObject("Table", name, spec, f"test: Table {name}")


ID = {"name": "id", "type": "integer", "constraints": {"notNull": True}}


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        found = db.execute(sql).fetchall()
    db.close()
    return found


def test_a_renamed_column_and_table_keep_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "create table people (id integer primary key not null, mail text);"
            "create index idx_people_mail on people (mail);"
            "insert into people values (1, 'a@example.com'), (2, 'b@example.com');"
        )
    db.close()
    driver, connection = in_tree.load("sqlite"), Connection(uri=str(path))
    email = {"name": "email", "type": "text", "constraints": {"notNull": True}, "previousNames": ["mail"]}
    wanted = [table("users", [ID, email], previous=["people"])]
    plan = driver.plan(connection, wanted)
    assert plan.ok, plan.diagnostics
    assert [s.sql for s in plan.steps][:2] == [
        'alter table "people" rename to "users"',
        'alter table "users" rename column "mail" to "email"',
    ]
    assert StepKind.DROP_TABLE not in {s.kind for s in plan.steps}
    assert all("drop column" not in s.sql for s in plan.steps)
    list(driver.apply(connection, plan.steps, plan.source_hash))
    assert rows(path, "select id, email from users order by id") == [
        (1, "a@example.com"),
        (2, "b@example.com"),
    ]
    assert not driver.plan(connection, wanted).steps


def test_an_ambiguous_rename_is_a_diagnostic_and_plans_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("create table users (id integer primary key not null, mail text, email text)")
    db.close()
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}
    plan = in_tree.load("sqlite").plan(Connection(uri=str(path)), [table("users", [ID, email])])
    assert not plan.steps and not plan.ok
    assert [d.code for d in plan.diagnostics] == ["ambiguous-rename"]
    assert "both email and its previous name mail exist" in plan.diagnostics[0].message
