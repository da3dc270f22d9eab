"""Reaching a keyspace: parameters or a URI; each failure with its code, never with the password."""

from __future__ import annotations

import urllib.parse

import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode
from tests.servers.base import TestDatabase, free_port


def test_a_uri_reaches_the_keyspace(driver: Driver, database: TestDatabase) -> None:
    params = database.params
    password = urllib.parse.quote(params["password"], safe="")
    uri = f"cassandra://{params['username']}:{password}@{params['hosts']},127.0.0.1:{free_port()}/{params['keyspace']}"
    assert driver.check_connection(Connection(uri)).server_version.startswith("5.0.")


@pytest.mark.parametrize(
    ("change", "code", "said"),
    [
        ({"password": "wrong-secret-42"}, ErrorCode.INVALID_ARGUMENT, "refused the login of user"),
        ({"keyspace": "no_such_keyspace"}, ErrorCode.INVALID_ARGUMENT, "does not exist"),
        ({"hosts": f"127.0.0.1:{free_port()}"}, ErrorCode.UNAVAILABLE, "cannot be reached"),
    ],
    ids=["bad-password", "no-keyspace", "no-server"],
)
def test_failures_say_what_is_wrong(
    driver: Driver, database: TestDatabase, change: dict[str, str], code: ErrorCode, said: str
) -> None:
    params = database.params | change
    with pytest.raises(DriverError) as failed:
        driver.check_connection(Connection("", params))
    assert failed.value.code is code
    assert said in failed.value.message
    assert params["password"] not in failed.value.message
