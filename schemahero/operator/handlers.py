"""The kopf handlers: thin, each picks a reconciler and passes it the shared context.

Drift is found by one daemon per Database (reconcile.drift), not by timers on every source
object. Migrations react to status changes (approval is `status.approvedAt`), which kopf's change
handlers ignore, so they use an event handler; approved Migrations that could not be applied yet
(locked, database down) are retried by one timer per Database (retries.py), not one per Migration.
"""

from __future__ import annotations

from typing import Any

import kopf

from schemahero.operator import kube
from schemahero.operator.context import Context
from schemahero.operator.encoding import to_json
from schemahero.operator.reconcile import databases, drift, migrations, sources
from schemahero.operator.resources import DATABASES, MIGRATIONS, SOURCES, Resource


def register(registry: kopf.OperatorRegistry, ctx: Context) -> None:
    """Add every handler of the operator to `registry`."""
    kopf.on.login(registry=registry)(login)
    _databases(registry, ctx)
    for resource in SOURCES:
        _sources(registry, ctx, resource)
    _migrations(registry, ctx)


def login(settings: kopf.OperatorSettings, **_: Any) -> kopf.ConnectionInfo:
    """kopf watches with the credentials the operator's own calls use (kube.login)."""
    return kube.login(settings)


def _databases(registry: kopf.OperatorRegistry, ctx: Context) -> None:
    group, version, plural = DATABASES.group, DATABASES.version, DATABASES.plural

    async def check(body: kopf.Body, retry: int, **_: Any) -> None:
        await databases.reconcile(ctx, to_json(body), retry, raise_retry=True)

    async def recheck(body: kopf.Body, **_: Any) -> None:
        await databases.reconcile(ctx, to_json(body), 0, raise_retry=False)

    async def sidecars(**_: Any) -> None:
        ctx.pins.wanted.set()

    async def drifting(body: kopf.Body, stopped: kopf.DaemonStopped, **_: Any) -> None:
        await drift.watch(ctx, body, stopped)

    async def retry(meta: kopf.Meta, **_: Any) -> None:
        await migrations.retry(ctx, meta.namespace or "", meta.name or "")

    for on in (kopf.on.create, kopf.on.update, kopf.on.resume):
        on(group, version, plural, registry=registry, id="check")(check)
    kopf.daemon(
        group, version, plural, registry=registry, id="drift", when=_drift_wanted, cancellation_timeout=10
    )(drifting)
    interval = ctx.settings.migration_interval
    kopf.timer(group, version, plural, registry=registry, id="retry", interval=interval)(retry)
    if ctx.settings.plugins.sidecars is not None:
        kopf.on.event(group, version, plural, registry=registry, id="sidecars")(sidecars)
    if ctx.settings.resync_interval > 0:
        kopf.timer(
            group,
            version,
            plural,
            registry=registry,
            id="recheck",
            interval=ctx.settings.resync_interval,
            initial_delay=ctx.settings.resync_interval,
        )(recheck)


def _sources(registry: kopf.OperatorRegistry, ctx: Context, resource: Resource) -> None:
    group, version, plural = resource.group, resource.version, resource.plural

    async def plan(body: kopf.Body, meta: kopf.Meta, spec: kopf.Spec, retry: int, **_: Any) -> None:
        async with ctx.planning_turn(meta.namespace or "", str(spec.get("database") or "")):
            await sources.reconcile(ctx, resource, to_json(body), retry)

    for on in (kopf.on.create, kopf.on.update, kopf.on.resume):
        on(group, version, plural, registry=registry, id="plan")(plan)


def _migrations(registry: kopf.OperatorRegistry, ctx: Context) -> None:
    group, version, plural = MIGRATIONS.group, MIGRATIONS.version, MIGRATIONS.plural

    async def changed(body: kopf.Body, meta: kopf.Meta, type: str | None, **_: Any) -> None:
        if type == "DELETED":
            ctx.retries.forget(meta.namespace or "", meta.name or "")
        else:
            await migrations.reconcile(ctx, body)  # no copy: most wait for their database's lock

    kopf.on.event(group, version, plural, registry=registry, id="changed")(changed)


def _drift_wanted(spec: kopf.Spec, **_: Any) -> bool:
    return drift.wanted(to_json(spec))
