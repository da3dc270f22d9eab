"""A Database's driver and resolved connection, as every reconciler needs them."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.operator import sourcing
from schemahero.operator.connections import Target, engine_of, resolve
from schemahero.operator.context import Context
from schemahero.operator.reconcile import images
from schemahero.operator.trust import Untrusted
from schemahero.plugins.pool import IN_TREE, Place, Resolved
from schemahero.schema import specs
from schemahero.schema.decoding import decode

log = logging.getLogger(__name__)


def database_spec(database: Mapping[str, Any]) -> specs.DatabaseSpec:
    spec, _ = decode(specs.DatabaseSpec, dict(database.get("spec") or {}), "spec")
    return spec if spec is not None else specs.DatabaseSpec()


async def driver_of(ctx: Context, database: Mapping[str, Any]) -> Resolved:
    """The driver serving the Database, in the resolution order (ConnectionProblem, DriverError).

    During an upgrade the sidecar that served it so far serves on until the new one can; the
    in-tree driver stands in for a plugin only when the operator's settings allow it.
    """
    spec = database_spec(database)
    engine, _ = engine_of(spec)
    choice = sourcing.choose(spec, engine, ctx.settings.plugins)
    in_tree: list[Place] = [None] if ctx.settings.plugins.in_tree_fallback else []
    try:
        wanted = await _wanted(ctx, choice)
    except DriverError as error:
        if not in_tree or isinstance(error, Untrusted):
            raise  # an image refused for its signature is not quietly replaced by the in-tree driver
        resolved = await asyncio.to_thread(ctx.pool.driver, engine)
        return dataclasses.replace(resolved, fallback=error)
    older = images.previous(ctx, database, engine)
    alternatives: list[Place] = [older] if older and older != wanted else []
    return await asyncio.to_thread(ctx.pool.driver, engine, wanted, alternatives=[*alternatives, *in_tree])


async def _wanted(ctx: Context, choice: sourcing.Choice) -> Place:
    if choice.refused:
        raise sourcing.refusal(choice)
    if choice.image:
        return await images.endpoint(ctx, choice)
    return choice.local_path


async def connect(ctx: Context, database: Mapping[str, Any]) -> tuple[Target, Resolved]:
    """Driver and connection of a Database (ConnectionProblem, DriverError)."""
    meta = database.get("metadata") or {}
    resolved = await driver_of(ctx, database)
    target = await resolve(database_spec(database), meta.get("namespace", ""), meta.get("name", ""), ctx.kube)
    return target, resolved


async def forget_if_dead(ctx: Context, target: Target, resolved: Resolved, error: DriverError) -> None:
    """After UNAVAILABLE from a plugin process or sidecar, drop it if it no longer answers."""
    if error.code is not ErrorCode.UNAVAILABLE or resolved.source == IN_TREE:
        return
    try:
        await asyncio.to_thread(resolved.driver.probe)
    except DriverError:
        log.warning("driver %s stopped answering; it will be reached afresh", sourcing.describe(resolved))
        await asyncio.to_thread(ctx.pool.discard, target.engine, resolved)
