"""https: the node's certificate is checked unless disableTLS says not to; upstream's parameters."""

from __future__ import annotations

import urllib.parse

import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode
from tests.integration.planning import converge
from tests.integration.rqlite.conftest import table
from tests.servers.base import TestDatabase

ITEMS = {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}, {"name": "v", "type": "text"}]}


def refusal(driver: Driver, connection: Connection) -> DriverError:
    with pytest.raises(DriverError) as refused:
        driver.check_connection(connection)
    assert "notasecret" not in str(refused.value)
    return refused.value


def test_an_untrusted_certificate_is_refused_unless_disable_tls_is_set(driver: Driver, tls_node: str) -> None:
    refused = refusal(driver, Connection(tls_node))
    assert refused.code is ErrorCode.INVALID_ARGUMENT
    assert "certificate is not trusted" in refused.message and "disableTLS=true" in refused.message

    unchecked = Connection(tls_node + "/?disableTLS=true")
    assert driver.check_connection(unchecked).server_version.startswith("rqlite v8.")
    converge(driver, unchecked, [table("items", ITEMS)])
    assert converge(driver, Connection(tls_node, {"disableTLS": "true"}), [table("items", ITEMS)]).steps == ()


def test_upstream_host_parameters_mean_https_and_disable_tls_means_plain_http(
    driver: Driver, tls_node: str
) -> None:
    parts = urllib.parse.urlsplit(tls_node)
    params = {"host": "127.0.0.1", "port": str(parts.port), "user": "schemahero", "password": "notasecret"}
    assert "not trusted" in refusal(driver, Connection("", params)).message
    plain = refusal(driver, Connection("", {**params, "disableTLS": "true"}))
    assert plain.code is ErrorCode.INVALID_ARGUMENT and "HTTP 400" in plain.message


def test_https_to_a_node_without_tls_says_so(driver: Driver, database: TestDatabase) -> None:
    refused = refusal(driver, Connection(database.uri.replace("http://", "https://", 1)))
    assert refused.code is ErrorCode.INVALID_ARGUMENT
    assert "does the node serve https?" in refused.message
