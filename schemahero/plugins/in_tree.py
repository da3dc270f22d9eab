"""Drivers installed with SchemaHero (or beside it), found by the entry point group."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.inprocess import InProcessDriver

GROUP = "schemahero.drivers"


def engines() -> list[str]:
    """Names of the engines whose drivers are installed, sorted."""
    return sorted({ep.name for ep in entry_points(group=GROUP)})


def load(engine: str) -> Driver:
    """The installed driver of `engine`, called in this process."""
    found = [ep for ep in entry_points(group=GROUP) if ep.name == engine]
    if not found:
        known = ", ".join(engines()) or "none"
        raise DriverError(
            ErrorCode.UNIMPLEMENTED,
            f"no driver for engine {engine!r} is installed (installed: {known}); "
            f"install schemahero[{engine}] or pass --plugin PATH",
        )
    try:
        create: Callable[[], Driver] = found[0].load()
    except ImportError as error:
        raise DriverError(
            ErrorCode.UNIMPLEMENTED,
            f"the {engine} driver cannot load: {error}; install schemahero[{engine}]",
        ) from error
    return InProcessDriver(create())
