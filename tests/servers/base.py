"""What every test server gives the tests: fresh databases reachable by URI."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CACHE = Path(os.environ.get("SCHEMAHERO_TEST_CACHE", Path.home() / ".cache/schemahero-test-servers"))


@dataclass
class TestDatabase:
    """One empty database: `driver` and `uri` are what the CLI takes, `load` runs a script."""

    __test__ = False

    driver: str
    uri: str
    load: Callable[[str], None]
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class TestServer:
    """A running server: `new_database(name)` makes an empty database, `stop()` ends it all."""

    __test__ = False

    engine: str
    new_database: Callable[[str], TestDatabase]
    stop: Callable[[], None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
