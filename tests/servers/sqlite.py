"""SQLite needs no server: each database is a file in the test's temporary folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.servers.base import TestDatabase, TestServer


def provide(tmp_root: Path) -> TestServer:
    def new_database(name: str) -> TestDatabase:
        path = tmp_root / f"{name}.db"
        path.unlink(missing_ok=True)

        def load(script: str) -> None:
            with sqlite3.connect(path) as connection:
                connection.executescript(script)
            connection.close()

        return TestDatabase(driver="sqlite", uri=str(path), load=load)

    return TestServer("sqlite", new_database, lambda: None)
