"""A driver run as `python -m ... --listen`: its command line, and a graceful stop on SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemahero.driver_api import Connection, DriverClient, ServerInfo
from schemahero.driver_api.serve import main
from tests.unit.driver_api.fake_driver import create_driver

ROOT = Path(__file__).resolve().parents[3]
MODULE = "tests.unit.driver_api.fake_driver"


@pytest.fixture
def started(socket_path: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-m", MODULE, "--listen", f"unix://{socket_path}", "--grace", "5"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


def test_sigterm_finishes_calls_in_flight_and_removes_the_socket(
    started: subprocess.Popen[str], socket_path: Path
) -> None:
    answers: list[ServerInfo] = []
    with DriverClient(f"unix://{socket_path}", timeout=10.0) as client:
        client.wait_ready(15.0)
        slow = Connection("memory://app", {"sleep": "0.5"})
        call = threading.Thread(target=lambda: answers.append(client.check_connection(slow)))
        call.start()
        time.sleep(0.2)
        started.send_signal(signal.SIGTERM)
        call.join()
    _, stderr = started.communicate(timeout=10)
    assert started.returncode == 0, stderr
    assert [a.server_version for a in answers] == ["memory 1.0"]
    assert not socket_path.exists()
    assert f"listening on unix://{socket_path}" in stderr
    assert "received SIGTERM" in stderr
    assert "memory://app" not in stderr


def test_help_explains_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(create_driver, ["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for part in ("--listen ENDPOINT", "unix:///ABSOLUTE/PATH.sock", "127.0.0.1:PORT", "--grace", "SIGTERM"):
        assert part in text


def test_a_host_other_than_loopback_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(create_driver, ["--listen", "0.0.0.0:50051"])
    assert exited.value.code == 2
    assert "a driver listens on loopback only" in capsys.readouterr().err


def test_a_port_in_use_exits_with_a_clear_error(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exited:
            main(create_driver, ["--listen", f"127.0.0.1:{port}"])
    assert exited.value.code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in caplog.text
