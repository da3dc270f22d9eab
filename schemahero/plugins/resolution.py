"""Which driver serves an engine: a plugin executable when one is named, else the in-tree one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import in_tree
from schemahero.plugins.subprocess_driver import launched


@contextlib.contextmanager
def open_driver(engine: str, plugin_path: str | None = None) -> Iterator[Driver]:
    """The driver of `engine`, checked to speak our API version and to serve that engine."""
    if plugin_path:
        with launched(plugin_path) as client:
            info = client.negotiate()
            if engine not in info.engines:
                served = ", ".join(info.engines) or "none"
                raise DriverError(
                    ErrorCode.FAILED_PRECONDITION,
                    f"plugin {plugin_path} ({info.name} {info.vendor_version}) serves {served}, not {engine}",
                )
            yield client
        return
    driver = in_tree.load(engine)
    try:
        yield driver
    finally:
        driver.close()
