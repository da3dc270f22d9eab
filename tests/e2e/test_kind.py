"""The kind + skaffold end-to-end run (run-kind.sh), where a Docker engine answers.

It builds every image and starts a cluster, so it takes minutes; where no Docker engine runs it
is skipped, the one skip this project allows (CI deselects it there instead:
`--deselect tests/e2e/test_kind.py::test_operator_on_kind_plans_and_applies_the_sqlite_example`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("run-kind.sh")
RUN_TIMEOUT = 3600


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def test_operator_on_kind_plans_and_applies_the_sqlite_example() -> None:
    if not _docker_answers():
        pytest.skip("Docker is not running here: the kind + skaffold e2e (tests/e2e/run-kind.sh) needs it")
    missing = [tool for tool in ("kind", "skaffold", "kubectl") if shutil.which(tool) is None]
    assert not missing, f"Docker runs, so the e2e must: install {', '.join(missing)}"
    done = subprocess.run(["bash", str(SCRIPT)], timeout=RUN_TIMEOUT, check=False)
    assert done.returncode == 0, "tests/e2e/run-kind.sh failed (its output is above)"
