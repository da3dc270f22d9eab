"""Connection URIs and upstream's host/port parameters; no message ever shows the password."""

from __future__ import annotations

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Connection
from schemahero.drivers.rqlite.uris import DEFAULT_TIMEOUT, Target, resolve

SECRET = "s3cr%40t"
"""`s3cr@t`, percent-encoded as a URI must carry it."""


def test_credentials_come_percent_decoded_from_the_uri() -> None:
    target = resolve(Connection(f"http://schemahero:{SECRET}@db.example:4005"))
    assert target == Target("http", "db.example", 4005, username="schemahero", password="s3cr@t")
    assert target.address == "http://db.example:4005"
    assert "s3cr" not in repr(target)


def test_defaults_and_query_parameters() -> None:
    target = resolve(
        Connection("https://db.example/rqlite/?level=strong&timeout=5s&disableClusterDiscovery=true")
    )
    assert (target.port, target.prefix, target.level, target.timeout) == (4001, "/rqlite", "strong", 5.0)
    assert (target.username, target.verify) == (None, True)
    assert resolve(Connection("http://[::1]:4001/")).address == "http://[::1]:4001"
    assert resolve(Connection("http://h")).timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize(
    ("uri", "params"),
    [
        ("https://h?disableTLS=true", {}),
        ("https://h?disableTLS", {}),
        ("https://h", {"disableTLS": "true"}),
    ],
)
def test_disable_tls_skips_the_certificate_check_of_an_https_uri(uri: str, params: dict[str, str]) -> None:
    target = resolve(Connection(uri, params))
    assert (target.scheme, target.verify) == ("https", False)


def test_the_uri_parameter_wins_over_the_connection_parameter() -> None:
    assert resolve(Connection("https://h?disableTLS=false", {"disableTLS": "true"})).verify


def test_upstream_host_parameters_use_https_unless_tls_is_disabled() -> None:
    params = {"host": "db.example", "port": "4010", "user": "u", "password": "p"}
    assert resolve(Connection("", params)) == Target("https", "db.example", 4010, username="u", password="p")
    plain = resolve(Connection("", {**params, "disableTLS": "true"}))
    assert (plain.scheme, plain.verify, plain.username) == ("http", True, "u")
    assert resolve(Connection("", {"host": "h", "username": "v", "password": "q"})).username == "v"
    assert resolve(Connection("", {"host": "h"})).port == 4001


def test_connection_parameters_give_credentials_the_uri_lacks() -> None:
    target = resolve(Connection("http://h:1", {"username": "u", "password": "p"}))
    assert (target.username, target.password) == ("u", "p")
    assert resolve(Connection("http://a:b@h:1", {"username": "u", "password": "p"})).username == "a"


@pytest.mark.parametrize(
    ("uri", "params", "said"),
    [
        ("", {}, "no rqlite node given"),
        (f"postgres://u:{SECRET}@h:1", {}, "starts with http:// or https://, not postgres://"),
        (f"u:{SECRET}@h:1", {}, "starts with http:// or https://"),
        (f"http://u:{SECRET}@:1", {}, "names no host"),
        (f"http://u:{SECRET}@h:99999", {}, "invalid port"),
        (f"http://u:{SECRET}@h:1?level=eventual", {}, "read consistency level"),
        (f"http://u:{SECRET}@h:1?timeout=soon", {}, "number of seconds"),
        (f"http://u:{SECRET}@h:1?timeout=-1", {}, "number of seconds"),
        (f"http://u:{SECRET}@h:1?disableTLS=maybe", {}, "true or false"),
        (f"http://u:{SECRET}@h:1?sslmode=disable", {}, "unknown parameter 'sslmode'"),
        ("", {"host": "h", "port": "http"}, "not a port number"),
    ],
)
def test_what_names_no_node_is_refused_without_showing_the_uri(
    uri: str, params: dict[str, str], said: str
) -> None:
    with pytest.raises(DriverError) as refused:
        resolve(Connection(uri, params))
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT
    assert said in refused.value.message
    assert "s3cr" not in refused.value.message
