"""Drift rounds: one loop per Database re-plans, every `spec.drift.interval`, the source objects
of it that matched the database (or were found drifted), to report or restore what changed.

One kopf daemon per Database whose spec asks for drift, not a timer per source object: a timer
per object costs a task, memory and a finalizer PATCH on every Table, View, ... while Databases
are few. kopf starts the daemon when `spec.drift.interval` appears and stops it when it goes or
the Database is deleted; the daemon reads the live spec on every tick, so a new interval or
policy takes effect without a restart. A round plans all due objects in one driver call; only
when that plan is not empty (or an object is still marked Drifted) are they planned one by one,
through the same reconciler as a spec change, to tell which drifted and to act per policy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from typing import Any

import kopf

from schemahero.driver_api.errors import DriverError
from schemahero.driver_api.types import PlanOptions
from schemahero.operator import drifts, policies
from schemahero.operator.connections import ConnectionProblem
from schemahero.operator.context import Context
from schemahero.operator.encoding import to_json
from schemahero.operator.planning import Source
from schemahero.operator.reconcile import sources
from schemahero.operator.reconcile.drivers import connect, database_spec
from schemahero.operator.resources import SOURCES, Resource

log = logging.getLogger(__name__)

TICK = 5.0
"""The longest the loop sleeps before reading the spec again (a shortened interval applies)."""


def wanted(spec: Mapping[str, Any]) -> bool:
    """Whether a Database with this spec gets a drift loop (kopf's filter of the daemon)."""
    if policies.database_problems(spec):
        return False
    return policies.drift_of(database_spec({"spec": spec})) is not None


async def watch(ctx: Context, body: kopf.Body, stopped: kopf.DaemonStopped) -> None:
    """Run drift rounds for the Database `body` (kopf keeps it current) until stopped."""
    meta = body.get("metadata") or {}
    namespace, name = meta.get("namespace", ""), meta.get("name", "")
    last = time.monotonic()
    try:
        while not stopped:
            drift = policies.drift_of(database_spec(body))
            if drift is None:
                return
            remaining = last + drift.interval - time.monotonic()
            if remaining > 0:
                await stopped.wait(min(remaining, TICK))
                continue
            last = time.monotonic()
            try:
                await sweep(ctx, to_json(body))
            except Exception:  # a round that fails is logged; the next one tries again
                log.exception("drift round of Database %s/%s failed", namespace, name)
    finally:
        with contextlib.suppress(KeyError):
            ctx.metrics.drifted.remove(namespace, name)


async def sweep(ctx: Context, database: Mapping[str, Any]) -> int:
    """One round over the Database's due source objects; returns how many drifted."""
    meta = database.get("metadata") or {}
    namespace, name = meta.get("namespace", ""), meta.get("name", "")
    due = await _due(ctx, namespace, name)
    unchanged = await _unchanged(ctx, database, [body for _, body in due]) if due else True
    if unchanged is None:
        return 0  # the database or its driver is down: the Database's own check reports it
    if unchanged:
        due = [(resource, body) for resource, body in due if drifts.flagged(body)]
    count = 0
    for resource, body in due:
        with contextlib.suppress(sources.Retry):
            count += await sources.reconcile(ctx, resource, body, 0)
    ctx.metrics.drifted.labels(namespace, name).set(count)
    return count


async def _due(ctx: Context, namespace: str, database: str) -> list[tuple[Resource, dict[str, Any]]]:
    """The source objects of this Database (in this operator's shard) that a round plans."""
    found = []
    for resource in SOURCES:
        for body in await ctx.kube.selected(resource, namespace, ctx.settings.selector):
            if Source.of(body).database == database and drifts.due(body):
                found.append((resource, body))
    return found


async def _unchanged(ctx: Context, database: Mapping[str, Any], bodies: list[dict[str, Any]]) -> bool | None:
    """Whether one plan of all these objects is empty; None when it could not be made."""
    try:
        target, resolved = await connect(ctx, database)
        options = PlanOptions(seed_data=database_spec(database).deploy_seed_data)
        objects = [Source.of(body).spec_object() for body in bodies]
        plan = await asyncio.to_thread(resolved.driver.plan, target.connection, objects, options)
    except (ConnectionProblem, DriverError) as problem:
        log.info("drift round skipped: %s", type(problem).__name__)  # messages may hold secrets
        return None
    return plan.ok and not plan.steps
