"""Connection details to libpq's conninfo: URIs with any password, search paths, parts."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from schemahero.driver_api import Connection, DriverError, ErrorCode
from schemahero.drivers.postgres.connecting import conninfo_of

PASSWORD = "!@#$%^&*(){}'\";"
ENCODED = "%21%40%23%24%25%5E%26%2A%28%29%7B%7D%27%22%3B"


def parts(connection: Connection) -> tuple[dict[str, object], str]:
    conninfo, search_path = conninfo_of(connection)
    return conninfo_to_dict(conninfo), search_path


def test_uri_with_special_characters_and_a_schema() -> None:
    found, search_path = parts(
        Connection(f"postgres://schemahero:{ENCODED}@db:5433/app?sslmode=disable&schema=audit")
    )
    assert found == {
        "user": "schemahero",
        "password": PASSWORD,
        "host": "db",
        "port": "5433",
        "dbname": "app",
        "sslmode": "disable",
    }
    assert search_path == "audit"
    assert parts(Connection("postgresql://u@h/d?search_path=a,b"))[1] == "a,b"


def test_parts_override_the_uri() -> None:
    found, search_path = parts(
        Connection(
            "postgres://u@h/d", {"password": PASSWORD, "port": "6000", "username": "other", "schema": "s"}
        )
    )
    assert (found["password"], found["port"], found["user"], search_path) == (PASSWORD, "6000", "other", "s")
    assert parts(Connection(params={"host": "h", "dbname": "d"}))[0] == {"host": "h", "dbname": "d"}


def test_keyword_conninfo() -> None:
    assert parts(Connection("host=h dbname=d"))[0] == {"host": "h", "dbname": "d"}


@pytest.mark.parametrize("uri", ["mysql://u@h/d", "nonsense", "postgres://u@h/d?nosuchoption=1"])
def test_unusable(uri: str) -> None:
    with pytest.raises(DriverError) as refused:
        conninfo_of(Connection(uri))
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT
