"""The kind + skaffold end-to-end run (run-kind.sh), where a Docker engine answers.

It builds every image and starts a cluster, so it takes minutes, and is collected only with
SCHEMAHERO_E2E=1 (see conftest.py). Asked for where Docker does not answer, it fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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
    assert _docker_answers(), "Docker is not running here: the kind + skaffold e2e (run-kind.sh) needs it"
    missing = [tool for tool in ("kind", "skaffold", "kubectl") if shutil.which(tool) is None]
    assert not missing, f"Docker runs, so the e2e must: install {', '.join(missing)}"
    done = subprocess.run(["bash", str(SCRIPT)], timeout=RUN_TIMEOUT, check=False)
    assert done.returncode == 0, "tests/e2e/run-kind.sh failed (its output is above)"
