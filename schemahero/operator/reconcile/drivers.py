"""A Database's driver and resolved connection, as every reconciler needs them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.operator.connections import Target, engine_of, resolve
from schemahero.operator.context import Context
from schemahero.plugins.pool import IN_TREE, Resolved
from schemahero.schema import specs
from schemahero.schema.decoding import decode

log = logging.getLogger(__name__)


def database_spec(database: Mapping[str, Any]) -> specs.DatabaseSpec:
    spec, _ = decode(specs.DatabaseSpec, dict(database.get("spec") or {}), "spec")
    return spec if spec is not None else specs.DatabaseSpec()


async def driver_of(ctx: Context, spec: specs.DatabaseSpec) -> Resolved:
    """The driver serving the Database's engine (ConnectionProblem, DriverError)."""
    engine, _ = engine_of(spec)
    plugin = spec.connection.plugin if spec.connection else None
    local = plugin.local_path if plugin else None
    oci = plugin.oci_ref if plugin else None
    return await asyncio.to_thread(ctx.pool.driver, engine, local, oci)


async def connect(ctx: Context, database: Mapping[str, Any]) -> tuple[Target, Resolved]:
    """Driver and connection of a Database (ConnectionProblem, DriverError)."""
    meta = database.get("metadata") or {}
    spec = database_spec(database)
    resolved = await driver_of(ctx, spec)
    target = await resolve(spec, meta.get("namespace", ""), meta.get("name", ""), ctx.kube)
    return target, resolved


async def forget_if_dead(ctx: Context, target: Target, resolved: Resolved, error: DriverError) -> None:
    """After UNAVAILABLE from a plugin process, drop it if it no longer answers (it restarts)."""
    if error.code is not ErrorCode.UNAVAILABLE or resolved.source == IN_TREE:
        return
    try:
        await asyncio.to_thread(resolved.driver.probe)
    except DriverError:
        log.warning("driver %s stopped answering; it will be started again", resolved.source)
        local = target.plugin.local_path if target.plugin else None
        await asyncio.to_thread(ctx.pool.discard, target.engine, local)


def describe(resolved: Resolved) -> str:
    return f"{resolved.info.name} {resolved.info.vendor_version} ({resolved.source})"
