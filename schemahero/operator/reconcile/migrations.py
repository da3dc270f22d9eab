"""Migration: apply it once approved, under its database's lock; report the outcome. One that
cannot be applied yet waits in `ctx.retries` for its Database's retry timer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

from schemahero.driver_api.errors import DriverError
from schemahero.driver_api.faults import redact
from schemahero.operator import applying, planning, reporting
from schemahero.operator.applying import Action, Outcome
from schemahero.operator.conditions import Health, Verdict, utcnow
from schemahero.operator.connections import ConnectionProblem
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json, to_json
from schemahero.operator.kube import Conflict
from schemahero.operator.reasons import Reason
from schemahero.operator.reconcile.drivers import connect, forget_if_dead
from schemahero.operator.resources import BY_KIND, DATABASES, MIGRATIONS
from schemahero.operator.statuses import MigrationSpec, MigrationStatus, Phase, PhaseName
from schemahero.schema.documents import SpecObject


async def reconcile(ctx: Context, body: Mapping[str, Any]) -> None:
    status = from_json(MigrationStatus, body.get("status"))
    action = applying.next_action(status)
    namespace, name = body["metadata"]["namespace"], body["metadata"]["name"]
    if action is not Action.APPLY:
        ctx.retries.forget(namespace, name)
    if action is Action.REJECT:
        await _reject(ctx, body)
    elif action is Action.APPLY:
        database = from_json(MigrationSpec, body.get("spec")).database_name or ""
        ctx.retries.attempting(namespace, name, database)
        settled = False
        try:
            async with ctx.database_lock(namespace, database):
                settled = await _apply(ctx, namespace, name)
        finally:
            ctx.retries.ended(namespace, name, settled=settled)


async def retry(ctx: Context, namespace: str, database: str) -> None:
    """Try again the approved Migrations of this Database that could not be applied yet."""
    for name in ctx.retries.due(namespace, database, ctx.settings.migration_interval):
        body = await ctx.kube.get(MIGRATIONS, namespace, name)
        if body is None:
            ctx.retries.forget(namespace, name)
        else:
            await reconcile(ctx, body)


async def _reject(ctx: Context, body: Mapping[str, Any]) -> None:
    status = from_json(MigrationStatus, body.get("status"))
    fields = {"phase": Phase.REJECTED, "rejectedAt": status.rejected_at or ctx.now()}
    verdict = Verdict(Health.STALLED, Reason.REJECTED, "rejected: it will not be applied")
    await reporting.write(ctx, MIGRATIONS, body, verdict, fields=fields)
    await _tell_source(ctx, body, Phase.REJECTED, "")


async def _apply(ctx: Context, namespace: str, name: str) -> bool:
    """Apply the Migration as it is now: re-read under the lock, claim it, run it, record it.
    Returns whether it is settled (False: to be tried again, the database not being ready)."""
    body = await ctx.kube.get(MIGRATIONS, namespace, name)
    if body is None:
        return True
    status = from_json(MigrationStatus, body.get("status"))
    spec = from_json(MigrationSpec, body.get("spec"))
    if applying.next_action(status) is not Action.APPLY:
        return True
    if spec.edited_ddl:
        message = "editedDDL is not applied by this operator: clear it, or approve the planned steps"
        verdict = Verdict(Health.STALLED, Reason.EDITED_DDL_UNSUPPORTED, message)
        await reporting.write(ctx, MIGRATIONS, body, verdict)
        return True  # until it is edited again
    database = await ctx.kube.get(DATABASES, namespace, spec.database_name or "")
    if database is None:
        message = f"Database {spec.database_name} does not exist in {namespace}"
        verdict = Verdict(Health.PROGRESSING, Reason.DATABASE_NOT_FOUND, message)
        await reporting.write(ctx, MIGRATIONS, body, verdict)
        return False
    try:
        body = await _claim(ctx, body)
    except Conflict:
        return True  # changed meanwhile: the event of that change decides again
    try:
        target, resolved = await connect(ctx, database)
    except (ConnectionProblem, DriverError) as problem:
        verdict = Verdict(Health.PROGRESSING, Reason.DATABASE_NOT_READY, problem.message)
        await reporting.write(ctx, MIGRATIONS, body, verdict)
        return False
    steps = [planning.step_of(step) for step in status.steps]
    objects = await _source_objects(ctx, body, status)
    started = time.monotonic()
    try:
        results = await asyncio.to_thread(
            lambda: list(resolved.driver.apply(target.connection, steps, status.source_hash or "", objects))
        )
        outcome = applying.applied(status.steps, results)
    except DriverError as error:
        await forget_if_dead(ctx, target, resolved, error)
        safe = DriverError(error.code, redact(error.message, target.connection))
        outcome = applying.refused(status.steps, safe)
    ctx.metrics.apply_seconds.observe(time.monotonic() - started)
    await _record(ctx, body, outcome)
    return outcome.phase is not None


async def _claim(ctx: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    """Mark it APPROVED and applying, only if nobody changed it since it was read."""
    meta = body["metadata"]
    verdict = Verdict(Health.PROGRESSING, Reason.APPLYING, "applying")
    claimed = await ctx.kube.patch_status(
        MIGRATIONS,
        meta["namespace"],
        meta["name"],
        {"phase": Phase.APPROVED},
        version=meta.get("resourceVersion", ""),
    )
    await reporting.write(ctx, MIGRATIONS, claimed, verdict)
    return claimed


async def _record(ctx: Context, body: Mapping[str, Any], outcome: Outcome) -> None:
    fields: dict[str, Any] = {"steps": to_json(outcome.steps)}
    if outcome.phase is not None:
        fields["phase"] = outcome.phase
        fields["message"] = outcome.message or None
        stamp = "executedAt" if outcome.phase == Phase.EXECUTED else "invalidatedAt"
        if outcome.phase in (Phase.EXECUTED, Phase.INVALID):
            fields[stamp] = ctx.now()
        ctx.metrics.applies.labels(outcome.phase.lower()).inc()
        if outcome.phase == Phase.FAILED:
            ctx.metrics.failures.labels("apply").inc()
    await reporting.write(ctx, MIGRATIONS, body, outcome.verdict, fields=fields)
    if outcome.phase is not None:
        await _tell_source(ctx, body, outcome.phase, outcome.message)


async def _tell_source(ctx: Context, body: Mapping[str, Any], phase: PhaseName, message: str) -> None:
    """Bring the source's conditions along; after INVALID, ask for a new plan of it."""
    found = await _source(ctx, body)
    if found is None:
        return
    resource, source = found
    name = body["metadata"]["name"]
    migration_status = from_json(MigrationStatus, body.get("status"))
    if planning.spec_sha(source.get("spec") or {}) != migration_status.source_spec_sha:
        return  # the source moved on to another spec: its own plan speaks for it
    if phase == Phase.INVALID:
        annotations = {planning.RECALCULATED_AT: utcnow().isoformat(timespec="microseconds")}
        await ctx.kube.patch(
            resource,
            source["metadata"]["namespace"],
            source["metadata"]["name"],
            {"metadata": {"annotations": annotations}},
        )
        return
    verdict = planning.source_verdict(name, MigrationStatus(phase=phase, message=message or None))
    await reporting.write(ctx, resource, source, verdict, fields={"migration": name})


async def _source(ctx: Context, body: Mapping[str, Any]) -> tuple[Any, dict[str, Any]] | None:
    meta = body.get("metadata") or {}
    for owner in meta.get("ownerReferences") or []:
        resource = BY_KIND.get(owner.get("kind", ""))
        if resource is not None and owner.get("controller"):
            found = await ctx.kube.get(resource, meta["namespace"], owner["name"])
            if found is not None and found["metadata"].get("uid") == owner.get("uid"):
                return resource, found
    return None


async def _source_objects(ctx: Context, body: Mapping[str, Any], status: MigrationStatus) -> list[SpecObject]:
    """The source's spec as planned, so that the driver can tell an already applied plan."""
    found = await _source(ctx, body)
    if found is None:
        return []
    source = planning.Source.of(found[1])
    return [source.spec_object()] if source.spec_sha == status.source_spec_sha else []
