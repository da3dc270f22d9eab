"""Rebuilds on rqlite leave the node's `legacy_alter_table` as they found it, even when they fail.

rqlite keeps `legacy_alter_table` on its writing connection between requests, and SQLite's
default (off) makes a rename repoint every foreign key at the renamed table: a rebuild's
rename would leave other tables referencing the table it then drops. The driver turns the
pragma on around its statements and off again, for the node's other clients. What a rebuild
keeps is tested on both engines in tests/integration/sqlite_family/test_rebuilds.py.
"""

from __future__ import annotations

from collections.abc import Callable

from schemahero.driver_api import Connection, Driver, StepStatus
from tests.integration.planning import Query, plan
from tests.integration.rqlite.conftest import table
from tests.integration.sqlite_family.tables import (
    PROJECTS,
    REFERENCED,
    assert_renames_repoint_again,
    references,
)


def test_the_pragma_is_off_again_after_a_failed_plan(
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
    query: Query,
    execute: Callable[[str], None],
) -> None:
    load(REFERENCED + "insert into projects values (2, null, null);")
    objects = [table("projects", PROJECTS)]
    first = plan(driver, connection, objects)
    results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    assert results[-1].status is StepStatus.FAILED
    assert references(query) == [("projects",)]
    assert_renames_repoint_again(execute, query)
