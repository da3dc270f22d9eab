"""Table, View, Function, DatabaseExtension, DataType: validate, plan, record a Migration."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import kopf

from schemahero.driver_api.errors import RETRYABLE, DriverError
from schemahero.driver_api.faults import redact
from schemahero.driver_api.types import Plan, PlanOptions
from schemahero.operator import applying, planning, reporting, sharding
from schemahero.operator.conditions import READY, Health, Verdict, find, is_true
from schemahero.operator.connections import ConnectionProblem
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json, to_json
from schemahero.operator.planning import Source
from schemahero.operator.reasons import Reason
from schemahero.operator.reconcile.drivers import connect, database_spec, forget_if_dead
from schemahero.operator.resources import DATABASES, MIGRATIONS, SOURCES, Resource
from schemahero.operator.statuses import MigrationStatus, Phase, SourceStatus
from schemahero.schema.diagnostics import Diagnostic
from schemahero.schema.parsing import parse

SETTLED = frozenset({Reason.UP_TO_DATE, Reason.MIGRATION_EXECUTED})
"""Ready reasons of a source whose database matched its spec: a new plan then means drift."""
WAITING_ON_PEOPLE = frozenset(
    {
        Reason.AWAITING_APPROVAL,
        Reason.APPLYING,
        Reason.MIGRATION_REJECTED,
        Reason.MIGRATION_FAILED,
        Reason.INVALID_SPEC,
        Reason.PLANNED,
    }
)
"""Ready reasons that a periodic re-plan leaves alone: a person (or an apply) acts next."""


class Retry(kopf.TemporaryError):
    """Plan again after a delay: the database, its Secret or a requirement is not there yet."""


def resync_due(body: Mapping[str, Any]) -> bool:
    """Whether a periodic re-plan may touch this source now."""
    ready = find(from_json(SourceStatus, body.get("status")).conditions, READY)
    return ready is None or ready.reason not in WAITING_ON_PEOPLE


async def reconcile(
    ctx: Context, resource: Resource, body: Mapping[str, Any], retry: int, *, resync: bool = False
) -> None:
    source = Source.of(body)
    delay = ctx.settings.backoff(retry)
    _, diagnostics = parse(source.spec_object())
    errors = planning.errors_in(diagnostics)
    if not errors and not source.database:
        errors = [Diagnostic("required", "is required", "spec.database")]
    if errors:
        ctx.metrics.failures.labels("spec").inc()
        await reporting.write(ctx, resource, body, planning.invalid_spec(errors))
        return
    database = await ctx.kube.get(DATABASES, source.namespace, source.database)
    if database is None:
        message = f"Database {source.database} does not exist in {source.namespace} (yet)"
        verdict = Verdict(Health.PROGRESSING, Reason.DATABASE_NOT_FOUND, message)
        await reporting.write(ctx, resource, body, verdict)
        raise Retry(message, delay=delay)
    unmet = await _unmet(ctx, source)
    if unmet:
        message = f"waiting for {', '.join(unmet)} to be Ready"
        verdict = Verdict(Health.PROGRESSING, Reason.WAITING_FOR_REQUIREMENTS, message)
        await reporting.write(ctx, resource, body, verdict)
        raise Retry(message, delay=delay)
    async with ctx.database_lock(source.namespace, source.database):
        plan = await _plan(ctx, resource, body, database, delay=delay)
        if plan is None:
            return
        existing = await ctx.kube.get(MIGRATIONS, source.namespace, source.migration_name)
        immediate = database_spec(database).immediate_deploy
        decision = planning.decide(source, plan, existing, immediate=immediate, now=ctx.now())
        if decision.migration is not None:
            _in_shard(ctx, decision.migration, body)
            await _write_migration(ctx, source, decision.migration, existing)
            if resync and was_settled(body):
                ctx.metrics.drift.labels(source.kind).inc()
                reporting.announce(
                    body,
                    Verdict(
                        Health.PROGRESSING, Reason.DRIFT_DETECTED, "the database no longer matches the spec"
                    ),
                )
        await _supersede(ctx, source, decision.keep)
        ctx.metrics.plans.labels(source.kind, "changes" if plan.steps else "nothing").inc()
        fields = {
            "lastPlannedTableSpecSHA": source.spec_sha,
            "lastPlannedAt": ctx.now(),
            "migration": decision.keep,
        }
        await reporting.write(ctx, resource, body, decision.verdict, fields=fields)


def _in_shard(ctx: Context, write: planning.MigrationWrite, body: Mapping[str, Any]) -> None:
    """The Migration takes its source's shard labels, so that this operator's shard holds it."""
    source_labels = (body.get("metadata") or {}).get("labels") or {}
    write.body["metadata"]["labels"].update(sharding.shard_labels(ctx.settings.selector, source_labels))


def was_settled(body: Mapping[str, Any]) -> bool:
    """Whether the source was Ready (its database matched its spec) before this plan."""
    ready = find(from_json(SourceStatus, body.get("status")).conditions, READY)
    return ready is not None and ready.status == "True" and ready.reason in SETTLED


async def _plan(
    ctx: Context,
    resource: Resource,
    body: Mapping[str, Any],
    database: Mapping[str, Any],
    *,
    delay: float,
) -> Plan | None:
    """The driver's plan for this one source, or None after reporting why there is none."""
    source = Source.of(body)
    try:
        target, resolved = await connect(ctx, database)
    except ConnectionProblem as problem:
        await _database_problem(ctx, resource, body, problem.message, retry=problem.retry, delay=delay)
        return None
    except DriverError as error:
        retry = error.code in RETRYABLE
        await _database_problem(ctx, resource, body, error.message, retry=retry, delay=delay)
        return None
    options = PlanOptions(seed_data=database_spec(database).deploy_seed_data)
    started = time.monotonic()
    try:
        plan = await asyncio.to_thread(
            resolved.driver.plan, target.connection, [source.spec_object()], options
        )
    except DriverError as error:
        await forget_if_dead(ctx, target, resolved, error)
        message = redact(error.message, target.connection)
        ctx.metrics.plans.labels(source.kind, "error").inc()
        if error.code in RETRYABLE:
            await _database_problem(ctx, resource, body, message, retry=True, delay=delay)
        else:
            ctx.metrics.failures.labels("plan").inc()
            await reporting.write(ctx, resource, body, Verdict(Health.STALLED, Reason.PLAN_FAILED, message))
        return None
    finally:
        ctx.metrics.plan_seconds.labels(source.kind).observe(time.monotonic() - started)
    if not plan.ok:
        ctx.metrics.failures.labels("spec").inc()
        await reporting.write(
            ctx, resource, body, planning.invalid_spec(planning.errors_in(plan.diagnostics))
        )
        return None
    return plan


async def _database_problem(
    ctx: Context, resource: Resource, body: Mapping[str, Any], message: str, *, retry: bool, delay: float
) -> None:
    ctx.metrics.failures.labels("connection").inc()
    health = Health.PROGRESSING if retry else Health.STALLED
    await reporting.write(ctx, resource, body, Verdict(health, Reason.DATABASE_NOT_READY, message))
    if retry:
        raise Retry(message, delay=delay)


async def _unmet(ctx: Context, source: Source) -> list[str]:
    """Names in `spec.requires` with no Ready source object of that name in the namespace."""
    unmet = []
    for name in source.spec.get("requires") or []:
        found = None
        for kind in SOURCES:
            found = await ctx.kube.get(kind, source.namespace, str(name))
            if found is not None:
                break
        conditions = from_json(SourceStatus, (found or {}).get("status")).conditions
        if found is None or not is_true(conditions, READY):
            unmet.append(str(name))
    return unmet


async def _write_migration(
    ctx: Context,
    source: Source,
    write: planning.MigrationWrite,
    existing: Mapping[str, Any] | None,
) -> None:
    verdict = applying.verdict_of(write.status, write.name)
    if existing is None:
        written = await ctx.kube.create(MIGRATIONS, source.namespace, write.body)
        fields = to_json(write.status)
    else:
        patch = {"metadata": write.body["metadata"], "spec": write.body["spec"]}
        written = await ctx.kube.patch(MIGRATIONS, source.namespace, write.name, patch)
        fields = planning.replaced_fields(write.status)
    how = "approved by immediateDeploy" if write.status.approved_at else "awaiting approval"
    again = "planned again" if write.replaces else "planned"
    count = len(write.status.steps)
    message = f"{count} statement{'s' if count != 1 else ''} {again} for {source.kind} {source.name}, {how}"
    reporting.announce(written, Verdict(Health.PROGRESSING, Reason.PLANNED, message))
    await reporting.write(ctx, MIGRATIONS, written, verdict, fields=fields)


async def _supersede(ctx: Context, source: Source, keep: str | None) -> None:
    """Pending Migrations of this source other than `keep` will never be right: invalidate them."""
    # From the watch cache: a Migration it misses is refused at apply (its source hash is stale).
    labels = {planning.SOURCE_UID_LABEL: source.uid}
    owned = await ctx.kube.objects(MIGRATIONS, source.namespace, labels, cached=True)
    for migration in owned:
        status = from_json(MigrationStatus, migration.get("status"))
        if migration["metadata"]["name"] == keep or status.phase not in planning.PENDING:
            continue
        message = f"superseded by Migration {keep}" if keep else "the database already matches the spec"
        fields = {"phase": Phase.INVALID, "invalidatedAt": ctx.now(), "message": message}
        verdict = Verdict(Health.STALLED, Reason.SUPERSEDED, message)
        await reporting.write(ctx, MIGRATIONS, migration, verdict, fields=fields)
