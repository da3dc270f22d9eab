"""An OCI registry for the operator tests: Debian's docker-registry, started on a free port.

Storage lives in the temp dir and there is no TLS, so clients treat the host as insecure
(plain HTTP). The system service the package installs is never used.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.servers.base import answers_ok, free_port, log_tail, terminate

BUILD_SCRIPT = "tests/servers/build/registry.sh"
START_TIMEOUT = 30.0


@dataclass
class RegistryServer:
    """A running registry: push to and pull from `host` ("127.0.0.1:PORT") over plain HTTP."""

    host: str
    stop: Callable[[], None]

    @property
    def url(self) -> str:
        return f"http://{self.host}"


def provide(tmp_root: Path) -> RegistryServer | str:
    binary = shutil.which("docker-registry")
    if binary is None:
        return f"docker-registry (OCI registry) is not installed: run {BUILD_SCRIPT}"
    root = tmp_root / "registry"
    (root / "storage").mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = root / "config.yml"
    config.write_text(_config(root / "storage", port))
    log = root / "registry.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "serve", str(config)], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_TIMEOUT
    while not answers_ok(f"http://127.0.0.1:{port}/v2/"):
        if proc.poll() is not None or time.monotonic() > deadline:
            terminate(proc)
            return f"docker-registry did not start on port {port}: {log_tail(log)}"
        time.sleep(0.1)
    return RegistryServer(host=f"127.0.0.1:{port}", stop=lambda: terminate(proc))


def _config(storage: Path, port: int) -> str:
    # Deletes are enabled so tests can clean up; no debug listener, no auth, no TLS.
    return f"""\
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {storage}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:{port}
"""
