"""Launching a driver process: a child that fails at start is reported at once, and no child
outlives the process that started it, even one that dies without cleaning up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins.subprocess_driver import launched
from tests.integration.plugins.conftest import alive

PARENT = """\
import sys, threading, time
from schemahero.plugins.subprocess_driver import launched

def hold() -> None:
    with launched(sys.argv[1]) as client:
        client.probe()
        print("serving", flush=True)
        time.sleep(600)

# From a worker thread, as the operator launches drivers (asyncio.to_thread).
worker = threading.Thread(target=hold, daemon=True)
worker.start()
worker.join()
"""


def test_a_driver_that_exits_at_start_is_reported_at_once_with_its_stderr(tmp_path: Path) -> None:
    broken = tmp_path / "schemahero-driver-broken"
    broken.write_text("#!/bin/sh\necho 'starting' >&2\necho 'fatal: no such engine library' >&2\nexit 3\n")
    broken.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(DriverError) as raised, launched(str(broken), ready_timeout=30):
        pass
    assert time.monotonic() - started < 5, "reported only when the readiness wait ran out"
    assert raised.value.code is ErrorCode.UNAVAILABLE
    assert "exited with status 3 before it served" in raised.value.message
    assert raised.value.message.endswith("starting\nfatal: no such engine library")


def test_a_driver_killed_at_start_names_the_signal(tmp_path: Path) -> None:
    aborted = tmp_path / "schemahero-driver-aborted"
    aborted.write_text("#!/bin/sh\nkill -ABRT $$\n")
    aborted.chmod(0o755)
    with pytest.raises(DriverError, match="was killed by SIGABRT before it served"), launched(str(aborted)):
        pass


def test_the_driver_dies_with_the_process_that_started_it(plugin: tuple[Path, Path]) -> None:
    executable, pid_file = plugin
    with subprocess.Popen(
        [sys.executable, "-c", PARENT, str(executable)], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        try:
            assert parent.stdout.readline().strip() == "serving"
            driver = int(pid_file.read_text())
            assert alive(driver)
            parent.send_signal(signal.SIGKILL)  # no cleanup of any kind
            parent.wait(10)
        finally:
            parent.kill()
    deadline = time.monotonic() + 10
    while alive(driver) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(driver), "the driver outlived its parent"
