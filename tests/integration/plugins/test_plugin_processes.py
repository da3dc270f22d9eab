"""`--plugin`: the CLI talks gRPC to a driver process and never leaves it running."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.plugins.conftest import alive

SPECS = Path(__file__).resolve().parents[3] / "examples/sqlite"


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "schemahero.cli", *argv]


def wait_for(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_plan_and_apply_through_a_plugin_leave_no_process(plugin: tuple[Path, Path], tmp_path: Path) -> None:
    executable, pid_file = plugin
    database = tmp_path / "shop.db"
    common = ["--driver", "sqlite", "--uri", str(database), "--plugin", str(executable)]
    plan = subprocess.run(
        cli("plan", *common, "--spec-file", str(SPECS), "--seed-data"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "create table" in plan.stdout
    assert not alive(int(pid_file.read_text()))

    ddl = tmp_path / "plan.sql"
    ddl.write_text(plan.stdout)
    subprocess.run(cli("apply", *common, "--ddl", str(ddl)), check=True, capture_output=True)
    again = subprocess.run(
        cli("plan", *common, "--spec-file", str(SPECS), "--seed-data"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert again.stdout == ""
    assert not alive(int(pid_file.read_text()))


def test_driver_error_leaves_no_process(plugin: tuple[Path, Path], tmp_path: Path) -> None:
    executable, pid_file = plugin
    result = subprocess.run(
        cli(
            "plan",
            "--driver",
            "sqlite",
            "--uri",
            str(tmp_path / "no/such/dir/x.db"),
            "--plugin",
            str(executable),
            "--spec-file",
            str(SPECS),
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "no/such/dir" in result.stderr
    assert not alive(int(pid_file.read_text()))


def test_plugin_serving_another_engine_is_refused(plugin: tuple[Path, Path], tmp_path: Path) -> None:
    executable, pid_file = plugin
    result = subprocess.run(
        cli(
            "plan",
            "--driver",
            "postgres",
            "--uri",
            "postgres://x",
            "--plugin",
            str(executable),
            "--spec-file",
            str(SPECS),
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "serves sqlite, not postgres" in result.stderr
    assert not alive(int(pid_file.read_text()))


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_driver_outlives_an_interrupted_cli(plugin: tuple[Path, Path], tmp_path: Path, sent: int) -> None:
    executable, pid_file = plugin
    slow = tmp_path / "slow-driver"
    slow.write_text(f'#!/bin/sh\nsleep 1\nexec "{executable}" "$@"\n')
    slow.chmod(0o755)
    running = subprocess.Popen(
        cli(
            "plan",
            "--driver",
            "sqlite",
            "--uri",
            str(tmp_path / "x.db"),
            "--plugin",
            str(slow),
            "--spec-file",
            str(SPECS),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(pid_file.exists)
    driver = int(pid_file.read_text())
    running.send_signal(sent)
    running.wait(20)
    wait_for(lambda: not alive(driver))
