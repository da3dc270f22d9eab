"""Drivers kept open for a long-running process (the operator), one per place they come from.

Resolution for a Database's driver: `spec.connection.plugin.localPath` starts that executable
as a subprocess, kept running per (engine, path) until the pool closes; otherwise the driver
installed with SchemaHero serves in this process. Sidecar drivers (`ociRef`, the default
image) are not served yet: when the sidecar reconciler exists, `_start` is where their socket
joins the pool, as one more source beside `local:` and `in-tree`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.negotiation import negotiate
from schemahero.driver_api.types import PluginInfo
from schemahero.plugins import in_tree
from schemahero.plugins.subprocess_driver import launched

log = logging.getLogger(__name__)

IN_TREE = "in-tree"


@dataclass(frozen=True)
class Resolved:
    """A driver ready for calls, what it says it is, and where it comes from."""

    driver: Driver
    info: PluginInfo
    source: str
    """`in-tree`, or `local:<path>` for a plugin executable."""


class DriverPool:
    """Thread-safe: drivers are called from worker threads (their calls block)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str], tuple[Resolved, contextlib.ExitStack]] = {}

    def driver(self, engine: str, local_path: str | None = None, oci_ref: str | None = None) -> Resolved:
        """The driver of `engine`, started on first use; DriverError if it cannot serve."""
        if oci_ref and not local_path:
            raise DriverError(
                ErrorCode.UNIMPLEMENTED,
                f"plugin.ociRef {oci_ref}: sidecar drivers are not available in this operator "
                "version; set plugin.localPath or remove plugin to use the installed driver",
            )
        key = (engine, local_path or "")
        with self._lock:
            if key not in self._open:
                self._open[key] = self._start(engine, local_path)
            return self._open[key][0]

    def discard(self, engine: str, local_path: str | None = None) -> None:
        """Stop a driver that failed as a process, so that the next call starts it afresh."""
        with self._lock:
            found = self._open.pop((engine, local_path or ""), None)
        if found is not None:
            found[1].close()

    def close(self) -> None:
        with self._lock:
            opened, self._open = list(self._open.values()), {}
        for _, stack in opened:
            stack.close()

    def _start(self, engine: str, local_path: str | None) -> tuple[Resolved, contextlib.ExitStack]:
        stack = contextlib.ExitStack()
        try:
            if local_path:
                driver: Driver = stack.enter_context(launched(local_path))
                source = f"local:{local_path}"
            else:
                driver = in_tree.load(engine)
                stack.callback(driver.close)
                source = IN_TREE
            info = negotiate(driver)
            if engine not in info.engines:
                served = ", ".join(info.engines) or "none"
                raise DriverError(
                    ErrorCode.FAILED_PRECONDITION,
                    f"driver {info.name} {info.vendor_version} ({source}) serves {served}, not {engine}",
                )
        except BaseException:
            stack.close()
            raise
        log.info("driver for %s: %s %s (%s)", engine, info.name, info.vendor_version, source)
        return Resolved(driver, info, source), stack
