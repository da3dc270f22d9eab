"""Checking, before use, that a driver speaks our contract version and has what a caller needs."""

from __future__ import annotations

from collections.abc import Iterable

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import API_VERSION, Capability, PluginInfo


def negotiate(driver: Driver, required: Iterable[Capability] = ()) -> PluginInfo:
    """The driver's info, once it is known to speak API_VERSION and to offer `required`.

    FAILED_PRECONDITION when it speaks another contract version (another driver version is
    needed), UNIMPLEMENTED when it lacks a capability; neither is worth a retry.
    """
    info = driver.plugin_info()
    who = f"driver {info.name} {info.vendor_version} (engines: {_listed(info.engines)})"
    if API_VERSION not in info.api_versions:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{who} speaks contract versions {_listed(info.api_versions)}; this caller needs {API_VERSION}",
        )
    needed = frozenset(required)
    if needed:
        offered = driver.capabilities()
        missing = needed - offered
        if missing:
            raise DriverError(
                ErrorCode.UNIMPLEMENTED,
                f"{who} offers capabilities {_listed(offered)}; needed {_listed(needed)}, "
                f"missing {_listed(missing)}",
            )
    return info


def _listed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "none"
