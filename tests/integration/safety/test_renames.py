"""previousNames: renamed tables and columns keep their rows and indexes, say that they rename,
and a rename that could mean two columns plans nothing."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepKind
from schemahero.schema.hazards import HazardKind
from tests.integration.planning import Query, converge
from tests.integration.safety.conftest import Dialect, engines

Load = Callable[[str], None]

INDEXED = {
    "postgres": (
        "select indexdef from pg_indexes where indexname = 'idx_people_mail'",
        [("CREATE INDEX idx_people_mail ON public.users USING btree (email)",)],
    ),
    "mysql": (
        "select table_name, column_name from information_schema.statistics "
        "where table_schema = database() and index_name = 'idx_people_mail'",
        [("users", "email")],
    ),
    "sqlite": (
        "select m.tbl_name, i.name from sqlite_master m, pragma_index_info(m.name) i "
        "where m.name = 'idx_people_mail'",
        [("users", "email")],
    ),
}
"""Engine -> a query of what index idx_people_mail covers, and its rows after the renames."""
INDEXED["timescaledb"] = INDEXED["postgres"]
INDEXED["rqlite"] = INDEXED["sqlite"]

NOT_NULL_TOO = {
    "mysql": [("alter table `users` modify column `email` varchar (50) not null", StepKind.ALTER_TABLE)],
}
"""Engine -> the statements that follow the renames when the renamed column also becomes NOT
NULL, where the engine alters it in place (SQLite rebuilds the table)."""


def people(load: Load, dialect: Dialect) -> None:
    load(f"create table people (id {dialect.integer} primary key not null, mail {dialect.text})")
    load("create index idx_people_mail on people (mail)")
    load("insert into people values (1, 'a@example.com'), (2, 'b@example.com')")


@engines("postgres", "timescaledb", "mysql", "sqlite", "rqlite")
def test_a_renamed_column_and_table_keep_their_rows_and_indexes(
    driver: Driver, connection: Connection, load: Load, query: Query, dialect: Dialect
) -> None:
    people(load, dialect)
    email = {"name": "email", "type": dialect.text, "previousNames": ["mail"]}
    index = {"columns": ["email"], "name": "idx_people_mail"}
    users = dialect.table("users", email, previousNames=["people"], block={"indexes": [index]})

    planned = converge(driver, connection, [users])

    q = dialect.q
    assert [(s.sql, s.kind) for s in planned.steps] == [
        (dialect.rename_table, StepKind.RENAME_TABLE),
        (f"alter table {q('users')} rename column {q('mail')} to {q('email')}", StepKind.ALTER_TABLE),
    ]
    assert all(HazardKind.RENAMES in {h.kind for h in s.hazards} for s in planned.steps)
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]
    sql, covered = INDEXED[dialect.engine]
    assert query(sql) == covered


@engines("postgres", "mysql", "sqlite", "rqlite")
def test_a_renamed_column_that_becomes_not_null_keeps_its_rows(
    driver: Driver, connection: Connection, load: Load, query: Query, dialect: Dialect
) -> None:
    people(load, dialect)
    email = {"name": "email", "type": dialect.text, "previousNames": ["mail"]}
    email["constraints"] = {"notNull": True}
    index = {"columns": ["email"], "name": "idx_people_mail"}
    users = dialect.table("users", email, previousNames=["people"], block={"indexes": [index]})

    planned = converge(driver, connection, [users])

    q = dialect.q
    renames = [
        (dialect.rename_table, StepKind.RENAME_TABLE),
        (f"alter table {q('users')} rename column {q('mail')} to {q('email')}", StepKind.ALTER_TABLE),
    ]
    assert [(s.sql, s.kind) for s in planned.steps][:2] == renames
    if dialect.engine in NOT_NULL_TOO:
        assert [(s.sql, s.kind) for s in planned.steps][2:] == NOT_NULL_TOO[dialect.engine]
    assert StepKind.DROP_TABLE not in {s.kind for s in planned.steps}
    assert all("drop column" not in s.sql for s in planned.steps)
    assert query("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]


@engines()
def test_an_ambiguous_rename_is_a_diagnostic_and_plans_nothing(
    driver: Driver, connection: Connection, load: Load, dialect: Dialect
) -> None:
    load(f"create table users (id {dialect.integer} primary key not null, mail text, email text)")
    email = {"name": "email", "type": "text", "previousNames": ["mail"]}

    result = driver.plan(connection, [dialect.table("users", email)])

    assert not result.steps and not result.ok
    assert [d.code for d in result.diagnostics] == ["ambiguous-rename"]
    assert "both email and its previous name mail exist" in result.diagnostics[0].message
