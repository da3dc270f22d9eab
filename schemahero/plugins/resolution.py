"""Which driver serves an engine: a plugin executable when one is named, else the in-tree one."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import choosing, in_tree
from schemahero.plugins.subprocess_driver import launched

log = logging.getLogger(__name__)


@contextlib.contextmanager
def open_driver(engine: str, plugin_path: str | None = None) -> Iterator[Driver]:
    """The driver of `engine`, checked to speak our API version and to serve that engine.

    `plugin_path` is an executable or the name of a plugin in the local index; it is ignored
    when SCHEMAHERO_ENABLE_PLUGINS=false.
    """
    if plugin_path and not choosing.enabled():
        log.warning(
            "%s=false: ignoring --plugin %s, using the in-tree driver", choosing.ENABLE_ENV, plugin_path
        )
        plugin_path = None
    if plugin_path:
        with launched(choosing.executable_for(plugin_path)) as client:
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
