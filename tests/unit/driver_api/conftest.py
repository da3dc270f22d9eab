"""A memory driver served over gRPC on a unix socket or loopback TCP, and clients of it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from schemahero.driver_api import (
    Connection,
    Driver,
    DriverClient,
    DriverServer,
    EngineDriver,
    InProcessDriver,
)
from schemahero.schema.documents import SpecObject
from tests.unit.driver_api.fake_driver import MemoryEngine


def users_spec(*columns: tuple[str, str], seed: bool = True) -> SpecObject:
    """A `users` table with `id integer` and `columns`, seeded with one row of ints and text."""
    spec: dict[str, Any] = {
        "name": "users",
        "schema": {
            "sqlite": {
                "primaryKey": ["id"],
                "columns": [{"name": "id", "type": "integer"}]
                + [{"name": name, "type": type_} for name, type_ in columns],
            }
        },
    }
    if seed:
        row = [{"column": "id", "value": {"int": 1}}, {"column": "name", "value": {"str": "ada"}}]
        spec["seedData"] = {"rows": [{"columns": row}]}
    return SpecObject("Table", "users", spec, "specs/users.yaml: Table users")


@pytest.fixture
def engine() -> MemoryEngine:
    return MemoryEngine()


@pytest.fixture
def driver(engine: MemoryEngine) -> EngineDriver:
    return EngineDriver(engine)


@pytest.fixture
def connection() -> Connection:
    return Connection("memory://app", {"user": "app-user"})


@pytest.fixture
def socket_path(tmp_path: Path) -> Path:
    return tmp_path / "driver.sock"


@pytest.fixture(params=["unix", "tcp"])
def endpoint(request: pytest.FixtureRequest, socket_path: Path) -> str:
    return f"unix://{socket_path}" if request.param == "unix" else "127.0.0.1:0"


@pytest.fixture
def server(driver: EngineDriver, endpoint: str) -> Iterator[DriverServer]:
    with DriverServer(driver, endpoint) as running:
        yield running


@pytest.fixture
def client(server: DriverServer) -> Iterator[DriverClient]:
    with DriverClient(server.target, timeout=5.0, backoff=0.01) as connected:
        yield connected


Caller = Callable[[Driver], DriverClient | InProcessDriver]


@pytest.fixture(params=["remote", "in-process"])
def call_through(request: pytest.FixtureRequest) -> Iterator[Caller]:
    """Wraps a Driver the way callers hold it: a DriverClient of a server of it, or in-process."""
    with contextlib.ExitStack() as stack:

        def wrap(driver: Driver) -> DriverClient | InProcessDriver:
            if request.param == "in-process":
                return InProcessDriver(driver)
            server = stack.enter_context(DriverServer(driver, "127.0.0.1:0"))
            return stack.enter_context(DriverClient(server.target, timeout=5.0, backoff=0.01))

        yield wrap
