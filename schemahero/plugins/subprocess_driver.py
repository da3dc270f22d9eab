"""A driver executable run as a child process on a private unix socket.

The child never outlives us: it is stopped on exit, on error and on Ctrl-C, and the kernel sends
it SIGTERM if we die without cleaning up (PR_SET_PDEATHSIG). A small trampoline, a Python of its
own, sets that flag and then execs the driver: nothing runs between fork and exec in this process,
which other threads (gRPC's among them) share; Python code there can deadlock or abort the child.
A child that exits while we wait for it to serve is reported at once, with the end of its stderr.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.errors import DriverError, ErrorCode

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0
READY_POLL = 0.2
"""How often the wait for readiness looks whether the child is still there."""
STOP_TIMEOUT = 10.0
TAIL_LINES = 20
"""Lines of the child's stderr kept to explain why it exited."""
TRAMPOLINE = """\
import ctypes, os, signal, sys
parent, argv = int(sys.argv[1]), sys.argv[2:]
prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only
if prctl is not None:
    prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG, kept across exec
if os.getppid() != parent:
    sys.exit("the process that started this driver has exited")
try:
    os.execv(argv[0], argv)
except OSError as error:
    sys.exit(f"cannot run {argv[0]}: {error}")
"""
"""Run as `python -I -S -c TRAMPOLINE PARENT_PID EXECUTABLE ARGS...`: dies with the parent (even
if the parent died before the flag was set), then becomes the driver."""


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
        command = [str(path.resolve()), "--listen", endpoint]
        child = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", TRAMPOLINE, str(os.getpid()), *command],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert child.stderr is not None  # stderr=PIPE
        stderr = _Tail(child.stderr)
        try:
            client = DriverClient(endpoint)
            with contextlib.closing(client):
                _wait_ready(client, child, stderr, ready_timeout, executable)
                yield client
        finally:
            _stop(child)


class _Tail:
    """The child's stderr, passed on to ours line by line; its last lines are kept."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._lines: collections.deque[bytes] = collections.deque(maxlen=TAIL_LINES)
        self._pump = threading.Thread(target=self._copy, args=(stream,), name="driver-stderr", daemon=True)
        self._pump.start()

    def _copy(self, stream: IO[bytes]) -> None:
        with stream:
            for line in stream:
                self._lines.append(line)
                with contextlib.suppress(OSError, ValueError):  # our stderr is closed: keep the tail
                    sys.stderr.write(line.decode(errors="replace"))
                    sys.stderr.flush()

    def text(self, wait: float = 1.0) -> str:
        """The last lines, once the child's end of the pipe is closed (or after `wait`)."""
        self._pump.join(wait)
        return b"".join(self._lines).decode(errors="replace").rstrip()


def _wait_ready(
    client: DriverClient, child: subprocess.Popen[bytes], stderr: _Tail, timeout: float, name: str
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.wait_ready(min(READY_POLL, max(deadline - time.monotonic(), 0.01)))
        except DriverError as error:
            code = child.poll()
            if code is not None:
                said = stderr.text()
                said = f"; its stderr ends with:\n{said}" if said else " (nothing on stderr)"
                raise DriverError(
                    ErrorCode.UNAVAILABLE, f"driver {name} {_exit(code)} before it served{said}"
                ) from None
            if time.monotonic() >= deadline:
                raise DriverError(
                    ErrorCode.UNAVAILABLE,
                    f"driver {name} did not start: not serving after {timeout:g}s",
                ) from error
        else:
            return


def _exit(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
    return f"exited with status {code}"


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
