"""Fixtures shared by every tier: real servers, started once per session and on demand."""

from __future__ import annotations

import importlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.base import TestDatabase, TestServer, in_ci

SERVER_MODULES = {
    "sqlite": "sqlite",
    "postgres": "postgres",
    "timescaledb": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "rqlite": "rqlite",
    "cassandra": "cassandra",
}
"""The test-server module of each engine (tests/servers/<module>.py)."""


class Servers:
    """Starts each engine's server the first time a test asks for it; stops all at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.started: dict[str, TestServer | str] = {}
        self.names = itertools.count()

    def database(self, engine: str, name: str | None = None) -> TestDatabase:
        """A new, empty database of `engine` (named `name`, else a fresh name)."""
        server = self.server(engine)
        if isinstance(server, str):
            pytest.skip(server)
        return server.new_database(name or f"t{next(self.names)}")

    def server(self, engine: str) -> TestServer | str:
        module_name = SERVER_MODULES.get(engine, engine)
        if module_name not in self.started:
            try:
                module = importlib.import_module(f"tests.servers.{module_name}")
            except ModuleNotFoundError:
                self.started[module_name] = f"no test server for {engine} (tests/servers/{module_name}.py)"
            else:
                folder = self.root / module_name
                folder.mkdir(parents=True, exist_ok=True)
                self.started[module_name] = module.provide(folder)
        return self.started[module_name]

    def stop(self) -> None:
        for server in self.started.values():
            if not isinstance(server, str):
                server.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    registry = Servers(tmp_path_factory.mktemp("servers"))
    try:
        yield registry
    finally:
        registry.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI nothing may skip: a skipped test (a missing server) fails the run, with its reason."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not os.environ.get("SCHEMAHERO_ALLOW_SKIPS"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may skip: {reason}"
