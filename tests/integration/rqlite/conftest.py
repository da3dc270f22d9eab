"""rqlite tests share one real node (rqlited, tests/servers/rqlite.py), emptied for each test.

The node holds one database, so these tests must not run in parallel with each other.
"""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.drivers.rqlite import create_driver
from schemahero.schema.documents import SpecObject
from tests.conftest import Servers
from tests.servers import rqlite as rqlite_server
from tests.servers.base import TestDatabase, answers_ok, free_port, log_tail, terminate

Query = Callable[[str], list[tuple[Any, ...]]]


@pytest.fixture
def database(servers: Servers) -> TestDatabase:
    return servers.database("rqlite")


@pytest.fixture
def connection(database: TestDatabase) -> Connection:
    return Connection(database.uri)


@pytest.fixture
def driver() -> Driver:
    return create_driver()


@pytest.fixture
def load(database: TestDatabase) -> Callable[[str], None]:
    """Runs an SQL script on the node, as fixtures.sql files are loaded."""
    return database.load


@pytest.fixture
def query(database: TestDatabase) -> Query:
    """Rows of one query, read over the HTTP API by the test itself, not by the driver."""
    return lambda sql: request(database.uri, "/db/query", [sql])


@pytest.fixture
def execute(database: TestDatabase) -> Callable[[str], None]:
    """Runs one statement as another client of the node would."""

    def run(sql: str) -> None:
        request(database.uri, "/db/execute", [sql])

    return run


@pytest.fixture(scope="module")
def tls_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An rqlited of its own serving https with a self-signed certificate: its URI."""
    binary = rqlite_server.built_binary()
    if binary is None:
        pytest.skip(f"rqlited is not built: run {rqlite_server.BUILD_SCRIPT}")
    root = tmp_path_factory.mktemp("rqlite-tls")
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    users = [{"username": rqlite_server.USER, "password": rqlite_server.PASSWORD, "perms": ["all"]}]
    (root / "auth.json").write_text(json.dumps(users))
    port, log = free_port(), root / "rqlited.log"
    with log.open("wb") as out:
        node = subprocess.Popen(
            [
                *(str(binary), "-node-id=1", f"-http-addr=127.0.0.1:{port}"),
                *(f"-raft-addr=127.0.0.1:{free_port()}", f"-auth={root / 'auth.json'}"),
                *(f"-http-cert={cert}", f"-http-key={key}", str(root / "data")),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(f"https://127.0.0.1:{port}/readyz", node, log)
        yield f"https://{rqlite_server.USER}:{rqlite_server.PASSWORD}@127.0.0.1:{port}"
    finally:
        terminate(node)


def _wait_ready(url: str, node: subprocess.Popen[bytes], log: Path) -> None:
    unchecked = ssl.create_default_context()
    unchecked.check_hostname, unchecked.verify_mode = False, ssl.CERT_NONE
    token = base64.b64encode(f"{rqlite_server.USER}:{rqlite_server.PASSWORD}".encode()).decode()
    ready = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    deadline = time.monotonic() + rqlite_server.START_TIMEOUT
    while not answers_ok(ready, unchecked):
        if node.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"rqlited with TLS did not start: {log_tail(log)}")
        time.sleep(0.2)


def request(uri: str, path: str, statements: list[Any]) -> list[tuple[Any, ...]]:
    parts = urllib.parse.urlsplit(uri)
    token = base64.b64encode(f"{parts.username}:{parts.password}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
    url = f"http://{parts.hostname}:{parts.port}{path}"
    sent = urllib.request.Request(url, json.dumps(statements).encode(), headers, method="POST")
    with urllib.request.urlopen(sent, timeout=30) as response:
        (result,) = json.load(response)["results"]
    assert "error" not in result, result
    return [tuple(row) for row in result.get("values", [])]


def table(name: str, block: dict[str, Any], **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.rqlite` block."""
    body = {"name": name, "schema": {"rqlite": block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    result = driver.plan(connection, objects, PlanOptions(seed_data=True))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def converge(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    """Plan, apply, and check that planning again finds nothing; the plan that was applied."""
    planned = plan(driver, connection, objects)
    results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    failed = [r for r in results if r.status is StepStatus.FAILED]
    assert not failed, (failed, [s.sql for s in planned.steps])
    again = plan(driver, connection, objects)
    assert not again.steps, [s.sql for s in again.steps]
    return planned


def statuses(results: Sequence[StepResult]) -> list[StepStatus]:
    return [r.status for r in sorted(results, key=lambda r: r.index)]
