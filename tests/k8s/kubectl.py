"""kubectl against the test cluster, as a user runs it, and waiting for what it shows."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
TIMEOUT = 60.0


class Kubectl:
    def __init__(self, kubeconfig: Path) -> None:
        self.kubeconfig = kubeconfig

    def __call__(
        self, *args: str, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["kubectl", "--kubeconfig", str(self.kubeconfig), *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=TIMEOUT + 30,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed:\n{done.stderr}")
        return done

    def apply(
        self, *documents: dict[str, Any], namespace: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return self("apply", "-n", namespace, "-f", "-", input=yaml.safe_dump_all(documents), check=check)

    def get(self, kind: str, name: str, namespace: str) -> dict[str, Any] | None:
        done = self("get", kind, name, "-n", namespace, "-o", "json", check=False)
        if done.returncode != 0:
            if "NotFound" in done.stderr:
                return None
            raise AssertionError(done.stderr)
        found: dict[str, Any] = json.loads(done.stdout)
        return found

    def items(self, kind: str, namespace: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = json.loads(self("get", kind, "-n", namespace, "-o", "json").stdout)[
            "items"
        ]
        return found


def eventually(probe: Callable[[], T | None], what: str, timeout: float = TIMEOUT) -> T:
    """The first truthy value of `probe`, polled until `timeout`; fails naming `what`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}; last seen: {last!r}")


def condition(obj: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    """The condition of that type in the object's status ({} when absent)."""
    for found in ((obj or {}).get("status") or {}).get("conditions") or []:
        if found.get("type") == kind:
            return dict(found)
    return {}
