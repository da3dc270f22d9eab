"""A driver executable run as a child process on a private unix socket.

The child never outlives us: it is stopped on exit, on error and on Ctrl-C, and the kernel
sends it SIGTERM if we die without cleaning up (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.errors import DriverError, ErrorCode

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
_PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def launched(executable: str, ready_timeout: float = READY_TIMEOUT) -> Iterator[DriverClient]:
    """Start `executable --listen unix://...`, wait until it serves, stop it afterwards."""
    path = Path(executable)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise DriverError(ErrorCode.INVALID_ARGUMENT, f"--plugin {executable}: not an executable file")
    with tempfile.TemporaryDirectory(prefix="schemahero-driver-") as folder:
        os.chmod(folder, 0o700)
        endpoint = f"unix://{folder}/driver.sock"
        log.info("starting driver %s on %s", executable, endpoint)
        child = subprocess.Popen(
            [str(path.resolve()), "--listen", endpoint],
            stdin=subprocess.DEVNULL,
            # Only a pre-resolved libc call runs between fork and exec: safe with threads.
            preexec_fn=_die_with_parent,  # noqa: PLW1509
        )
        try:
            client = DriverClient(endpoint)
            with contextlib.closing(client):
                _wait_ready(client, child, ready_timeout, executable)
                yield client
        finally:
            _stop(child)


def _wait_ready(client: DriverClient, child: subprocess.Popen[bytes], timeout: float, name: str) -> None:
    try:
        client.wait_ready(timeout)
    except DriverError as error:
        code = child.poll()
        detail = f"exited with status {code}" if code is not None else str(error)
        raise DriverError(ErrorCode.UNAVAILABLE, f"driver {name} did not start: {detail}") from error


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        log.warning("driver did not stop within %ss; killing it", STOP_TIMEOUT)
        child.kill()
        child.wait()


_prctl = ctypes.CDLL(None, use_errno=True).prctl


def _die_with_parent() -> None:
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
