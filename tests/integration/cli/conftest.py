"""The CLI as people run it, against real PostgreSQL and MariaDB: one empty database per test."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemahero.cli.main import main
from tests.conftest import Servers
from tests.servers.base import TestDatabase
from tests.servers.reading import rows

TYPES = {
    "postgres": {"id": "integer", "text": "varchar(50)"},
    "mysql": {"id": "int", "text": "varchar(50)"},
}
"""The column types each engine's specs spell, by role."""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass
class Cli:
    """`schemahero COMMAND` in this process, with the connection flags of one test database."""

    database: TestDatabase
    folder: Path

    def __call__(self, command: str, *args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        flags = ["--driver", self.database.driver, "--uri", self.database.uri]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([command, *flags, *args])
        return Run(code, out.getvalue(), err.getvalue())

    def specs(self, name: str, *tables: dict[str, Any]) -> str:
        """A file of these table specs; its path, for --spec-file."""
        path = self.folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump_all(tables))
        return str(path)

    def table(self, name: str, *columns: dict[str, Any], **spec: Any) -> dict[str, Any]:
        """A table spec with an `id` primary key; each column's `type` is a role of TYPES."""
        types = TYPES[self.database.driver]
        listed = [{"name": "id", "type": "id"}, *columns]
        block = {"primaryKey": ["id"], "columns": [{**c, "type": types[c["type"]]} for c in listed]}
        return {"name": name, "schema": {self.database.driver: block}, **spec}

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of one query, read through a connection of its own."""
        return rows(self.database, sql)


@pytest.fixture(params=["postgres", "mysql"])
def database(request: pytest.FixtureRequest, servers: Servers) -> TestDatabase:
    """An empty database on the session's PostgreSQL or MariaDB (skips, naming it, if absent)."""
    return servers.database(request.param)


@pytest.fixture
def cli(database: TestDatabase, tmp_path: Path) -> Cli:
    return Cli(database, tmp_path)
