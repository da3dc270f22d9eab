"""rqlite tests share one real node (rqlited, tests/servers/rqlite.py), emptied for each test.

The node holds one database, so these tests must not run in parallel with each other.
"""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.integration import planning
from tests.servers import rqlite as rqlite_server
from tests.servers.base import TestDatabase, answers_ok, free_port, log_tail, terminate
from tests.servers.reading import over_http

table = partial(planning.table, engine="rqlite")


@pytest.fixture(scope="session")
def engine() -> str:
    return "rqlite"


@pytest.fixture
def execute(database: TestDatabase) -> Callable[[str], None]:
    """Runs one statement as another client of the node would."""

    def run(sql: str) -> None:
        over_http(database.uri, "/db/execute", [sql])

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
