"""rqlite for the tests: one rqlited node with authentication on, built by the project's script.

rqlite serves a single database per node, so `new_database` empties that database instead of
creating another one: tests that share the server must not run in parallel.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.servers.base import CACHE, TestDatabase, TestServer, free_port, log_tail, terminate

BUILD_SCRIPT = "tests/servers/build/rqlited.sh"
USER = "schemahero"
PASSWORD = "notasecret"
START_TIMEOUT = 60.0


def provide(tmp_root: Path) -> TestServer | str:
    binary = built_binary()
    if binary is None:
        return f"rqlited is not built: run {BUILD_SCRIPT}"
    root = tmp_root / "rqlite"
    root.mkdir(parents=True, exist_ok=True)
    auth = root / "auth.json"
    auth.write_text(json.dumps([{"username": USER, "password": PASSWORD, "perms": ["all"]}]))
    http_port, raft_port = free_port(), free_port()
    log = root / "rqlited.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(binary),
                "-node-id=1",
                f"-http-addr=127.0.0.1:{http_port}",
                f"-raft-addr=127.0.0.1:{raft_port}",
                f"-auth={auth}",
                str(root / "data"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    client = _Client(f"http://127.0.0.1:{http_port}")
    deadline = time.monotonic() + START_TIMEOUT
    while not client.ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            terminate(proc)
            return f"rqlited did not start on port {http_port}: {log_tail(log)}"
        time.sleep(0.2)

    def new_database(name: str) -> TestDatabase:
        client.wipe()
        return TestDatabase(
            driver="rqlite",
            uri=f"http://{USER}:{PASSWORD}@127.0.0.1:{http_port}",
            load=lambda script: client.execute(split_statements(script)),
        )

    return TestServer(engine="rqlite", new_database=new_database, stop=lambda: terminate(proc))


def split_statements(script: str) -> list[str]:
    """Complete SQL statements of a script; SQLite's own tokenizer decides where one ends."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        statements.append(pending.strip().rstrip(";"))
    return [s for s in statements if s.strip(" \t\r\n;")]


def built_binary() -> Path | None:
    """The rqlited of the version pinned in the build module, if its build finished."""
    go_mod = Path(__file__).parent / "build/rqlited/go.mod"
    pinned = re.search(r"^\s*github\.com/rqlite/rqlite/v8 (\S+)", go_mod.read_text(), re.M)
    if pinned is None:
        return None
    out = CACHE / f"rqlite-{pinned[1]}"
    stamp = out / ".stamp"
    if not stamp.is_file() or stamp.read_text().split()[0] != pinned[1]:
        return None
    return out / "rqlited"


class _Client:
    """Just enough of rqlite's HTTP API to prepare test databases."""

    def __init__(self, base: str) -> None:
        self.base = base
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    def ready(self) -> bool:
        try:
            self._request("GET", "/readyz")
        except urllib.error.HTTPError as refused:
            refused.close()
            return False
        except (urllib.error.URLError, OSError):
            return False
        return True

    def execute(self, statements: list[str]) -> None:
        self._results("/db/execute", statements)

    def query(self, sql: str) -> list[list[Any]]:
        result = self._results("/db/query", [sql])[0]
        return list(result.get("values", []))

    def wipe(self) -> None:
        """Drops every user object: the node's one database becomes empty again."""
        objects = self.query(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "AND type IN ('view', 'trigger', 'table')"
        )
        order = {"view": 0, "trigger": 1, "table": 2}
        drops = [
            f"DROP {kind.upper()} IF EXISTS {_quote(name)}"
            for kind, name in sorted(objects, key=lambda o: order[o[0]])
        ]
        if self.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"):
            drops.append("DELETE FROM sqlite_sequence")
        if drops:
            self.execute(drops)

    def _results(self, path: str, statements: list[str]) -> list[dict[str, Any]]:
        body = self._request("POST", path, json.dumps(statements).encode())
        results: list[dict[str, Any]] = json.loads(body)["results"]
        errors = [(s, r["error"]) for s, r in zip(statements, results, strict=False) if "error" in r]
        if errors:
            raise RuntimeError(f"rqlite refused {errors[0][0]!r}: {errors[0][1]}")
        return results

    def _request(self, method: str, path: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(self.base + path, body, self.headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return bytes(response.read())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
