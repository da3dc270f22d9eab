"""A plugin executable that records its process id, wrapping the in-tree SQLite driver."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


@pytest.fixture
def plugin(tmp_path: Path) -> tuple[Path, Path]:
    """(executable, pid file): the executable serves SQLite and writes its pid first."""
    pid_file = tmp_path / "driver.pid"
    executable = tmp_path / "schemahero-driver-sqlite"
    executable.write_text(
        f'#!/bin/sh\necho $$ > "{pid_file}"\nexec "{sys.executable}" -m schemahero.drivers.sqlite "$@"\n'
    )
    executable.chmod(0o755)
    return executable, pid_file


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.split(")")[-1].split()[0] != "Z"
