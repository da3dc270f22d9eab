"""What every test server gives the tests: fresh databases reachable by URI."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import urllib.error
import urllib.request
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


def terminate(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Stop a server: SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_tail(log: Path) -> str:
    """The end of a server's log, for the reason of a failed start."""
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


def answers_ok(request: urllib.request.Request | str, context: ssl.SSLContext | None = None) -> bool:
    """Whether an HTTP endpoint answers 200 now."""
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as refused:
        refused.close()
        return False
    except (urllib.error.URLError, OSError):
        return False
