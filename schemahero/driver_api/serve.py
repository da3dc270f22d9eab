"""Serving a Driver over gRPC: what a driver's `python -m` entry point runs.

    python -m schemahero.drivers.sqlite --listen unix:///var/run/schemahero/drivers/sqlite.sock

`main` parses the command line and calls `serve`, which blocks until SIGTERM or SIGINT and then
stops gracefully. `DriverServer` is the same server without the signal handling, for tests and
for callers that run it beside other work.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from schemahero.driver_api._gen import driver_pb2 as pb
from schemahero.driver_api._gen import driver_pb2_grpc as pb_grpc
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.servicers import DriverServicer, IdentityServicer

log = logging.getLogger("schemahero.driver_api")

GRACE_SECONDS = 10.0
"""How long calls in flight may run on after a stop is asked for."""
MAX_WORKERS = 8
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""Plans and exported specs of large databases exceed gRPC's default of 4 MiB."""
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
SERVICES = tuple(service.full_name for service in pb.DESCRIPTOR.services_by_name.values())
_SOCKET_PATH_MAX = 107
"""The longest path a unix socket address can hold on Linux (sun_path less its NUL)."""


@dataclass(frozen=True)
class Endpoint:
    """Where a driver listens: a unix socket (`path` set) or a loopback TCP port."""

    address: str
    path: Path | None = None


def parse_endpoint(text: str) -> Endpoint:
    """`unix:///ABS/PATH.sock`, `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`."""
    if text.startswith("unix:"):
        path = Path(text.removeprefix("unix:").removeprefix("//"))
        if not path.is_absolute():
            raise ValueError(f"{text}: a unix socket endpoint needs an absolute path")
        if len(str(path).encode()) > _SOCKET_PATH_MAX:
            raise ValueError(f"{text}: a unix socket path is at most {_SOCKET_PATH_MAX} bytes")
        return Endpoint(f"unix://{path}", path)
    host, _, port = text.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise ValueError(f"{text}: expected unix:///ABS/PATH.sock or 127.0.0.1:PORT")
    if host not in LOOPBACK_HOSTS:
        raise ValueError(
            f"{text}: a driver listens on loopback only (127.0.0.1, localhost or [::1]), "
            f"or on a unix socket; {host or 'an empty host'} is not allowed"
        )
    return Endpoint(f"{host}:{int(port)}")


class DriverServer:
    """A gRPC server of one Driver: Identity, Driver and grpc.health.v1 on one endpoint."""

    def __init__(self, driver: Driver, endpoint: str, *, max_workers: int = MAX_WORKERS) -> None:
        self.endpoint = parse_endpoint(endpoint)
        self.target = self.endpoint.address
        self._health = health.HealthServicer()
        self._server = grpc.server(
            futures.ThreadPoolExecutor(max_workers, thread_name_prefix="driver"),
            options=[
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
            ],
        )
        pb_grpc.add_IdentityServicer_to_server(IdentityServicer(driver), self._server)
        pb_grpc.add_DriverServicer_to_server(DriverServicer(driver), self._server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        self._socket_inode: int | None = None

    def start(self) -> str:
        """Listen and report SERVING; returns the target to dial (the real port for port 0)."""
        path = self.endpoint.path
        if path is None:
            port = self._bind()
            self.target = f"{self.endpoint.address.rpartition(':')[0]}:{port}"
            self._server.start()
        else:
            _clear_stale_socket(path)
            with _umask(0o177):
                self._bind()
                self._server.start()
            os.chmod(path, 0o600)
            self._socket_inode = path.stat().st_ino
        for service in ("", *SERVICES):
            self._health.set(service, health_pb2.HealthCheckResponse.SERVING)
        return self.target

    def stop(self, grace: float = GRACE_SECONDS) -> None:
        """Refuse new calls, let calls in flight finish within `grace` seconds, remove the socket."""
        self._health.enter_graceful_shutdown()
        self._server.stop(grace).wait()
        path = self.endpoint.path
        if path is not None and self._socket_inode is not None:
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_ino == self._socket_inode:
                    path.unlink()
            self._socket_inode = None

    def __enter__(self) -> DriverServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _bind(self) -> int:
        try:
            port: int = self._server.add_insecure_port(self.endpoint.address)
        except RuntimeError as error:
            raise OSError(f"cannot listen on {self.endpoint.address}: {error}") from None
        return port


def serve(driver: Driver, endpoint: str, *, grace: float = GRACE_SECONDS) -> None:
    """Serve `driver` on `endpoint` until SIGTERM or SIGINT, then stop within `grace` seconds.

    Call it from the main thread (it handles signals); elsewhere, use DriverServer.
    """
    stopping = threading.Event()
    server = DriverServer(driver, endpoint)
    with _stop_on_signals(stopping):
        target = server.start()
        log.info("listening on %s", target)
        stopping.wait()
        log.info("stopping: calls in flight have %gs to finish", grace)
        server.stop(grace)
    log.info("stopped")


def main(create_driver: Callable[[], Driver], argv: list[str] | None = None) -> None:
    """The command line of a driver package's `__main__`."""
    parser = argparse.ArgumentParser(
        prog=_program(),
        description=(
            "Serve a SchemaHero driver over gRPC (schemahero.driver.v1: Identity, Driver and "
            "grpc.health.v1). SchemaHero starts it as a sidecar or subprocess; connection "
            "details arrive with each call, so the process holds no credentials."
        ),
        epilog=(
            "The driver listens on loopback or a unix socket only (created with mode 0600). "
            "SIGTERM or SIGINT stop it: new calls are refused, calls in flight get --grace "
            "seconds, then the socket file is removed. Logs go to stderr."
        ),
    )
    parser.add_argument(
        "--listen",
        required=True,
        metavar="ENDPOINT",
        help="unix:///ABSOLUTE/PATH.sock, or 127.0.0.1:PORT / localhost:PORT (PORT 0: any)",
    )
    parser.add_argument(
        "--grace",
        type=float,
        default=GRACE_SECONDS,
        metavar="SECONDS",
        help=f"how long calls in flight may run after a stop signal (default {GRACE_SECONDS:g})",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="default INFO",
    )
    args = parser.parse_args(argv)
    try:
        parse_endpoint(args.listen)
    except ValueError as error:
        parser.error(str(error))
    logging.basicConfig(
        stream=sys.stderr,
        level=args.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    driver = create_driver()
    try:
        serve(driver, args.listen, grace=args.grace)
    except OSError as error:
        log.error("%s", error)
        raise SystemExit(1) from None
    finally:
        driver.close()


@contextlib.contextmanager
def _stop_on_signals(stopping: threading.Event) -> Iterator[None]:
    def handle(number: int, frame: FrameType | None) -> None:
        """The first signal starts the graceful stop; later ones are only noted."""
        log.info("received %s", signal.Signals(number).name)
        stopping.set()

    previous = {number: signal.signal(number, handle) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _clear_stale_socket(path: Path) -> None:
    """Remove a socket file left by a dead server; refuse one in use, or a file of another kind."""
    if not path.exists():
        return
    if not path.is_socket():
        raise FileExistsError(errno.EEXIST, "exists and is not a socket", str(path))
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except ConnectionRefusedError:
        path.unlink()
        return
    finally:
        probe.close()
    raise OSError(errno.EADDRINUSE, "another process is serving on this socket", str(path))


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    """Create files with `mask` (process-wide: only at start-up, before other threads write)."""
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def _program() -> str:
    """`python -m PACKAGE` when run that way, else the script's name."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    if spec is None:
        return Path(sys.argv[0]).name
    return f"python -m {spec.name.removesuffix('.__main__')}"
