"""Reaching MariaDB: upstream's Go DSN unchanged, mysql:// URLs, both engine names."""

from __future__ import annotations

import pytest

from schemahero.driver_api import Connection, Driver, DriverError, ErrorCode
from schemahero.drivers.mysql.uris import parse
from schemahero.plugins.in_tree import load
from tests.integration.mysql.conftest import table
from tests.integration.planning import converge
from tests.servers.base import TestDatabase


def test_the_go_dsn_of_an_upstream_manifest(driver: Driver, database: TestDatabase) -> None:
    # tests/servers/mysql.py hands out the DSN upstream's manifests carry, as they carry it
    assert "@tcp(127.0.0.1:" in database.uri and database.uri.endswith("?tls=false")

    assert "MariaDB" in driver.check_connection(Connection(database.uri)).server_version


def test_a_url_reaches_the_same_database(driver: Driver, connection: Connection) -> None:
    target = parse(connection.uri)
    url = f"mysql://{target.user}:{target.password}@{target.host}:{target.port}/{target.database}?tls=false"
    converge(driver, connection, [table("t", {"columns": [{"name": "a", "type": "int"}]})])

    assert [o.name for o in driver.export_spec(Connection(url))] == ["t"]


@pytest.mark.parametrize("engine", ["mysql", "mariadb"])
def test_both_engine_names_find_this_driver(engine: str, connection: Connection) -> None:
    driver = load(engine)

    assert {"mysql", "mariadb"} <= set(driver.plugin_info().engines)
    assert driver.check_connection(connection).server_version


@pytest.mark.parametrize(("change", "code"), [("password", "wrong"), ("database", "missing_database")])
def test_refusals_are_unavailable(driver: Driver, connection: Connection, change: str, code: str) -> None:
    target = parse(connection.uri)
    values = {"password": target.password, "database": target.database, change: code}
    dsn = f"{target.user}:{values['password']}@tcp({target.host}:{target.port})/{values['database']}"

    with pytest.raises(DriverError) as refused:
        driver.check_connection(Connection(dsn))

    assert refused.value.code is ErrorCode.UNAVAILABLE
    assert "wrong" not in refused.value.message
