"""Pre-flight checks on rqlite: SQLite's checks, counted over the node's HTTP API."""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepStatus
from tests.integration.rqlite.conftest import Query, converge, plan, table

ID = {"name": "id", "type": "integer", "constraints": {"notNull": True}}


def test_not_null_over_nulls_applies_nothing_until_the_rows_are_fixed(
    driver: Driver, connection: Connection, load: Callable[[str], None], query: Query
) -> None:
    load("create table users (id integer primary key not null, email text)")
    load("insert into users values (1, 'a@example.com'), (2, null), (3, null), (4, null)")
    email = {"name": "email", "type": "text", "constraints": {"notNull": True}}
    spec = table("users", {"primaryKey": ["id"], "columns": [ID, email]})

    planned = plan(driver, connection, [spec])

    assert [(c.description, c.violations) for s in planned.steps for c in s.checks] == [
        ("rows of users with NULL in email", 3)
    ]
    results = list(driver.apply(connection, planned.steps, planned.source_hash))
    assert [r.status for r in results] == [StepStatus.FAILED]
    assert results[0].message == "pre-flight check: 3 rows of users with NULL in email; nothing was applied"
    assert query("select count(*) from users where email is null") == [(3,)]

    load("update users set email = 'unknown' where email is null")
    converge(driver, connection, [spec])
