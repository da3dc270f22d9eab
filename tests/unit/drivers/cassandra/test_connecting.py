"""Where the keyspace is: parameters or a URI, and errors that never hold the password."""

from __future__ import annotations

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Connection
from schemahero.drivers.cassandra.connecting import Target, target


def test_parameters_as_the_cli_gives_them() -> None:
    params = {"hosts": "a:9043, b ,[::1]:9044", "keyspace": "app", "username": "me", "password": "s3cret"}
    assert target(Connection("", params)) == Target(
        (("a", 9043), ("b", 9042), ("::1", 9044)), "app", "me", "s3cret"
    )


def test_a_uri_with_parameters_filling_in_the_rest() -> None:
    found = target(
        Connection("cassandra://me:p%40ss%3Aw@h1:9000,h2/app", {"password": "ignored", "keyspace": "x"})
    )
    assert found == Target((("h1", 9000), ("h2", 9042)), "app", "me", "p@ss:w")
    assert target(Connection("cassandra://h1/app", {"username": "u", "password": "pw"})).password == "pw"
    assert "pw" not in repr(target(Connection("cassandra://u:pw@h1/app")))


@pytest.mark.parametrize(
    ("connection", "said"),
    [
        (Connection("", {"keyspace": "app"}), "no Cassandra host"),
        (Connection("", {"hosts": "h"}), "is not a keyspace name"),
        (Connection("", {"hosts": "h", "keyspace": "bad-name"}), "is not a keyspace name"),
        (Connection("", {"hosts": "h:99999", "keyspace": "k"}), "is not a Cassandra host"),
        (Connection("", {"hosts": "h:x", "keyspace": "k"}), "is not a Cassandra host"),
        (Connection("postgres://u:topsecret@h/db"), "starts with cassandra://"),
        (Connection("cassandra://u:topsecret@h/ks?ssl=1"), "no query parameters"),
        (Connection("cassandra://u:topsecret@h:port/ks"), "is not a Cassandra host"),
    ],
)
def test_what_cannot_name_a_keyspace_is_an_invalid_argument(connection: Connection, said: str) -> None:
    with pytest.raises(DriverError) as failed:
        target(connection)
    assert failed.value.code is ErrorCode.INVALID_ARGUMENT
    assert said in failed.value.message
    assert "topsecret" not in failed.value.message
