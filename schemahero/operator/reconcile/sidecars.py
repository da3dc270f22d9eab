"""The sidecar reconciler: gives the operator's own pod the driver sidecars its Databases need.

It runs beside kopf's handlers, when a Database changes (the handlers set `pins.wanted`) and
every little while for the grace periods: it lists the Databases, pins their images, reads the
operator's Deployment and sends the patch that `sidecars.converge` decides, if any.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from schemahero.driver_api.errors import DriverError
from schemahero.operator import sourcing
from schemahero.operator.connections import ConnectionProblem, engine_of
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json
from schemahero.operator.kube import Conflict
from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.operator.reconcile import images
from schemahero.operator.reconcile.drivers import database_spec
from schemahero.operator.resources import DATABASES
from schemahero.operator.sidecars import Needs, Sidecar, State, converge
from schemahero.operator.statuses import DatabaseStatus

log = logging.getLogger(__name__)

DEBOUNCE = 0.5
"""Database events come in bursts (a status write follows each check): one look per burst."""
_GLOB = frozenset("*?[!,")


@contextlib.asynccontextmanager
async def running(ctx: Context) -> AsyncIterator[None]:
    """The reconciler in the background for as long as the operator runs (when sidecars are on)."""
    settings = ctx.settings.plugins.sidecars
    if settings is None:
        if ctx.settings.plugins.enabled:
            log.warning(
                "driver sidecars are off: SCHEMAHERO_OPERATOR_DEPLOYMENT and SCHEMAHERO_OPERATOR_NAMESPACE "
                "are not set (a local run); Databases are served by plugin.localPath or in-tree"
            )
        else:
            log.warning("plugins are disabled (SCHEMAHERO_ENABLE_PLUGINS=false): in-tree drivers serve")
        yield
        return
    task = asyncio.create_task(_loop(ctx, settings), name="sidecars")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def reconcile(ctx: Context, settings: SidecarSettings) -> float | None:
    """One look: patch the Deployment if its sidecars are not what the Databases need.

    Returns the seconds until a grace period ends (None: no sidecar is retiring).
    """
    deployment = await ctx.kube.deployment(settings.namespace, settings.deployment)
    if deployment is None:
        ctx.pins.load({})
        log.error("Deployment %s/%s not found: no driver sidecars", settings.namespace, settings.deployment)
        return None
    ctx.pins.load(State.of(deployment).pins)
    needs = await _needs(ctx)
    outcome = converge(deployment, needs, settings, ctx.clock())
    if outcome.patch is not None:
        try:
            await ctx.kube.patch_deployment(settings.namespace, settings.deployment, outcome.patch)
        except Conflict:
            ctx.pins.wanted.set()  # changed meanwhile: look again
            return None
        if outcome.rolls:
            names = ", ".join(s.name for s in outcome.sidecars) or "none"
            log.info(
                "Deployment %s/%s patched: driver sidecars %s", settings.namespace, settings.deployment, names
            )
    return outcome.wake_in


async def _loop(ctx: Context, settings: SidecarSettings) -> None:
    while True:
        ctx.pins.wanted.clear()
        try:
            wake_in = await reconcile(ctx, settings)
        except Exception:
            log.exception("the driver sidecars could not be reconciled; trying again")
            ctx.pins.load({})  # Databases need not wait for pins that cannot be read
            wake_in = None
        timeout = min(wake_in, settings.interval) if wake_in is not None else settings.interval
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ctx.pins.wanted.wait(), timeout)
        await asyncio.sleep(DEBOUNCE)


async def _needs(ctx: Context) -> Needs:
    """The sidecars the Databases' specs ask for, and the images serving them now."""
    wanted: set[Sidecar] = set()
    serving: set[str] = set()
    secrets: set[str] = set()
    refs: set[str] = set()
    for database in await _databases(ctx):
        spec = database_spec(database)
        try:
            engine, _ = engine_of(spec)
        except ConnectionProblem:
            continue  # its own reconcile says what is wrong
        choice = sourcing.choose(spec, engine, ctx.settings.plugins)
        if image := sourcing.serving_image(from_json(DatabaseStatus, database.get("status"))):
            serving.add(image)
        if not choice.image:
            continue
        refs.add(choice.image)
        try:
            found = await images.endpoint(ctx, choice)
        except DriverError:
            continue  # the Database's status says why; a sidecar that cannot be pinned is not added
        wanted.add(Sidecar(engine, found.image))
        if choice.pull_secret:
            secrets.add(choice.pull_secret)
    pins = ctx.pins.keep_only(refs)
    return Needs(frozenset(wanted), frozenset(serving), frozenset(secrets), pins)


async def _databases(ctx: Context) -> list[dict[str, Any]]:
    """The Databases of this operator (its namespaces, its shard's selector): listed in each
    namespace when they are named plainly (an operator confined to namespaces may not list
    others), else everywhere and filtered."""
    patterns, selector = ctx.settings.namespaces, ctx.settings.selector
    if patterns and not any(set(p) & _GLOB for p in patterns):
        return [d for namespace in patterns for d in await ctx.kube.selected(DATABASES, namespace, selector)]
    found = await ctx.kube.selected(DATABASES, None, selector)
    return [d for d in found if watched((d.get("metadata") or {}).get("namespace", ""), patterns)]


def watched(namespace: str, patterns: Sequence[str]) -> bool:
    """Whether kopf watches `namespace` for these patterns: globs, read left to right, `!` excludes,
    and a leading exclusion implies a catch-all before it."""
    globs = [g.strip() for p in patterns for g in p.split(",") if g.strip()]
    if not globs:
        return True
    matches = globs[0].startswith("!")
    for glob in globs:
        if glob.startswith("!"):
            matches = matches and not fnmatch.fnmatch(namespace, glob[1:])
        else:
            matches = matches or fnmatch.fnmatch(namespace, glob)
    return matches
