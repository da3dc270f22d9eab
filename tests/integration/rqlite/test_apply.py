"""Applying on rqlite: the stale-plan guard without an advisory lock, and reaching a node."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import pytest

from schemahero.driver_api import (
    Connection,
    Driver,
    DriverError,
    ErrorCode,
    Step,
    StepKind,
    StepStatus,
)
from schemahero.drivers.rqlite.session import connect
from tests.integration.planning import Query, statuses
from tests.servers.base import TestDatabase, free_port


def test_a_schema_change_between_the_stale_check_and_the_write_fails_the_plan(
    connection: Connection, execute: Callable[[str], None], query: Query
) -> None:
    mine = [Step("create table mine (a int)", StepKind.CREATE_TABLE)]
    session, other = connect(connection), connect(connection)
    with session.lock():
        with other.lock():
            pass  # no advisory lock: nobody waits
        execute("create table theirs (a int)")
        with pytest.raises(DriverError) as refused:
            list(session.execute(mine, planned=True))
    assert refused.value.code is ErrorCode.FAILED_PRECONDITION
    assert query("select name from sqlite_master where name not like 'sqlite%'") == [("theirs",)]
    with session.lock():
        assert statuses(list(session.execute(mine, planned=True))) == [StepStatus.APPLIED]


def test_check_connection_names_rqlite_and_its_sqlite(driver: Driver, database: TestDatabase) -> None:
    version = driver.check_connection(Connection(database.uri)).server_version
    assert version.startswith("rqlite v8.") and "(SQLite 3." in version
    node = urllib.parse.urlsplit(database.uri)
    upstream = {"host": "127.0.0.1", "port": str(node.port), "user": "schemahero", "password": "notasecret"}
    assert (
        driver.check_connection(Connection("", {**upstream, "disableTLS": "true"})).server_version == version
    )


def test_bad_credentials_are_invalid_and_never_shown(driver: Driver, database: TestDatabase) -> None:
    wrong = database.uri.replace(":notasecret@", ":wrong-secret@")
    anonymous = database.uri.replace("schemahero:notasecret@", "")
    for uri in (wrong, anonymous):
        with pytest.raises(DriverError) as refused:
            driver.check_connection(Connection(uri))
        assert refused.value.code is ErrorCode.INVALID_ARGUMENT
        assert "HTTP 401" in refused.value.message
        assert "secret" not in str(refused.value)


def test_a_node_that_does_not_answer_is_unavailable(driver: Driver) -> None:
    with pytest.raises(DriverError) as refused:
        driver.check_connection(Connection(f"http://schemahero:notasecret@127.0.0.1:{free_port()}"))
    assert refused.value.code is ErrorCode.UNAVAILABLE
    assert "cannot reach rqlite at http://127.0.0.1:" in refused.value.message
    assert "notasecret" not in refused.value.message
