"""Drivers kept open for a long-running process (the operator), one per place they come from.

A driver comes from one of three places: a plugin executable (`localPath`) started as a
subprocess and kept running until the pool closes, a sidecar of the operator's pod reached
through its unix socket, or the driver installed with SchemaHero, called in this process
(`in-tree`). The caller says which (the operator's resolution order decides); when that driver
cannot serve, the pool tries the alternatives the caller allows, in order (the sidecar an
upgrade replaces, then the in-tree driver), and says on the answer why it fell back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode, unavailable
from schemahero.driver_api.negotiation import negotiate
from schemahero.driver_api.types import PluginInfo
from schemahero.plugins import in_tree
from schemahero.plugins.subprocess_driver import launched

log = logging.getLogger(__name__)

IN_TREE = "in-tree"
LOCAL_PATH = "localPath"
SIDECAR = "sidecar"
SIDECAR_READY_TIMEOUT = 2.0
"""A sidecar runs already or not at all: its socket answers at once, or the pod lacks it."""


@dataclass(frozen=True)
class SidecarEndpoint:
    """A driver sidecar of this pod: its container's name, its pinned image, its socket."""

    name: str
    image: str
    socket: Path


@dataclass(frozen=True)
class Resolved:
    """A driver ready for calls, what it says it is, and where it comes from."""

    driver: Driver
    info: PluginInfo
    source: str
    """`sidecar`, `localPath` or `in-tree`."""
    location: str = ""
    """The executable of a localPath plugin, the socket of a sidecar."""
    image: str = ""
    """A sidecar's pinned image (`registry/repository@sha256:...`)."""
    fallback: DriverError | None = None
    """Why the driver asked for does not serve, when this one serves in its place."""

    @property
    def digest(self) -> str:
        return self.image.rpartition("@")[2] if "@" in self.image else ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.location)


Place = str | SidecarEndpoint | None
"""Where a driver comes from: a plugin executable's path, a sidecar, or None (in-tree)."""


class DriverPool:
    """Thread-safe: drivers are called from worker threads (their calls block)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str, str], tuple[Resolved, contextlib.ExitStack]] = {}
        self._fallen_back: set[tuple[str, Place]] = set()

    def driver(
        self,
        engine: str,
        place: Place = None,
        *,
        alternatives: Sequence[Place] = (),
    ) -> Resolved:
        """The driver of `engine` from `place`, started or reached on first use.

        When it cannot serve, the first of `alternatives` that can serves instead, with the
        reason on `Resolved.fallback`; DriverError (the first one) when none can.
        """
        try:
            resolved = self._opened(engine, place)
        except DriverError as error:
            for other in alternatives:
                try:
                    found = self._opened(engine, other)
                except DriverError:
                    continue
                if (engine, place) not in self._fallen_back:
                    self._fallen_back.add((engine, place))
                    log.warning(
                        "%s: %s serves in place of %s: %s", engine, _where(other), _where(place), error
                    )
                return dataclasses.replace(found, fallback=error)
            raise
        self._fallen_back.discard((engine, place))
        return resolved

    def discard(self, engine: str, resolved: Resolved) -> None:
        """Forget a driver that stopped answering, so that the next call starts or reaches it afresh."""
        with self._lock:
            found = self._open.pop((engine, *resolved.key), None)
        if found is not None:
            found[1].close()

    def close(self) -> None:
        with self._lock:
            opened, self._open = list(self._open.values()), {}
        for _, stack in opened:
            stack.close()

    def _opened(self, engine: str, place: Place) -> Resolved:
        source, location = _source_of(place)
        key = (engine, source, location)
        with self._lock:
            if key not in self._open:
                self._open[key] = self._start(engine, place)
            return self._open[key][0]

    def _start(self, engine: str, place: Place) -> tuple[Resolved, contextlib.ExitStack]:
        stack = contextlib.ExitStack()
        source, location = _source_of(place)
        try:
            driver = _reach(engine, place, stack)
            info = negotiate(driver)
            if engine not in info.engines:
                served = ", ".join(info.engines) or "none"
                raise DriverError(
                    ErrorCode.FAILED_PRECONDITION,
                    f"driver {info.name} {info.vendor_version} ({_where(place)}) serves {served}, "
                    f"not {engine}",
                )
        except BaseException:
            stack.close()
            raise
        image = place.image if isinstance(place, SidecarEndpoint) else ""
        log.info("driver for %s: %s %s (%s)", engine, info.name, info.vendor_version, _where(place))
        return Resolved(driver, info, source, location, image), stack


def _reach(engine: str, place: Place, stack: contextlib.ExitStack) -> Driver:
    if isinstance(place, SidecarEndpoint):
        return _sidecar(place, stack)
    if place:
        return stack.enter_context(launched(place))
    driver = in_tree.load(engine)
    stack.callback(driver.close)
    return driver


def _sidecar(sidecar: SidecarEndpoint, stack: contextlib.ExitStack) -> Driver:
    """The sidecar's driver, once its socket answers; UNAVAILABLE while the pod lacks it."""
    if not sidecar.socket.exists():
        raise unavailable(
            f"sidecar {sidecar.name} ({sidecar.image}) does not run in this pod (yet): no socket at "
            f"{sidecar.socket}; the operator's pod gains it when its Deployment rolls out"
        )
    client = stack.enter_context(DriverClient(f"unix://{sidecar.socket}"))
    try:
        client.wait_ready(SIDECAR_READY_TIMEOUT)
    except DriverError as error:
        raise unavailable(
            f"sidecar {sidecar.name} ({sidecar.image}) is not serving: {error.message}"
        ) from None
    return client


def _source_of(place: Place) -> tuple[str, str]:
    if isinstance(place, SidecarEndpoint):
        return SIDECAR, str(place.socket)
    return (LOCAL_PATH, place) if place else (IN_TREE, "")


def _where(place: Place) -> str:
    if isinstance(place, SidecarEndpoint):
        return f"sidecar {place.name}, {place.image}"
    return f"localPath {place}" if place else IN_TREE
