"""Table, View, Function, DatabaseExtension, DataType: validate, plan, record a Migration."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import kopf

from schemahero.driver_api.errors import RETRYABLE, DriverError
from schemahero.driver_api.faults import redact
from schemahero.driver_api.types import Plan, PlanOptions
from schemahero.operator import applying, drifts, planning, policies, reporting, sharding
from schemahero.operator.conditions import READY, Health, Verdict, is_true
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


class Retry(kopf.TemporaryError):
    """Plan again after a delay: the database, its Secret or a requirement is not there yet."""


async def reconcile(ctx: Context, resource: Resource, body: Mapping[str, Any], retry: int) -> bool:
    """Plan the source and record what the plan means; returns whether the source drifted."""
    source = Source.of(body)
    delay = ctx.settings.backoff(retry)
    _, diagnostics = parse(source.spec_object())
    errors = planning.errors_in(diagnostics)
    if not errors and not source.database:
        errors = [Diagnostic("required", "is required", "spec.database")]
    if errors:
        ctx.metrics.failures.labels("spec").inc()
        await reporting.write(ctx, resource, body, planning.invalid_spec(errors))
        return False
    database = await ctx.kube.get(DATABASES, source.namespace, source.database)
    if database is None:
        message = f"Database {source.database} does not exist in {source.namespace} (yet)"
        verdict = Verdict(Health.PROGRESSING, Reason.DATABASE_NOT_FOUND, message)
        await reporting.write(ctx, resource, body, verdict)
        raise Retry(message, delay=delay)
    problems = policies.database_problems(database.get("spec") or {})
    if problems:
        ctx.metrics.failures.labels("spec").inc()
        located = [replace(p, path=f"Database {source.database}: {p.path}") for p in problems]
        await reporting.write(ctx, resource, body, planning.invalid_spec(located))
        return False
    unmet = await _unmet(ctx, source)
    if unmet:
        message = f"waiting for {', '.join(unmet)} to be Ready"
        verdict = Verdict(Health.PROGRESSING, Reason.WAITING_FOR_REQUIREMENTS, message)
        await reporting.write(ctx, resource, body, verdict)
        raise Retry(message, delay=delay)
    async with ctx.database_lock(source.namespace, source.database):
        plan = await _plan(ctx, resource, body, database, delay=delay)
        if plan is None:
            return False
        return await _decide(ctx, resource, body, database, plan)


async def _decide(
    ctx: Context, resource: Resource, body: Mapping[str, Any], database: Mapping[str, Any], plan: Plan
) -> bool:
    source = Source.of(body)
    spec = database_spec(database)
    existing = await ctx.kube.get(MIGRATIONS, source.namespace, source.migration_name)
    drifted = drifts.drifted(body, plan.steps, existing)
    drift = policies.drift_of(spec)
    fields: dict[str, Any] = {"lastPlannedTableSpecSHA": source.spec_sha, "lastPlannedAt": ctx.now()}
    ctx.metrics.plans.labels(source.kind, "changes" if plan.steps else "nothing").inc()
    if drifted and drift is not None and drift.policy == policies.REPORT:
        statements = drifts.listing(plan.steps)
        fields["drift"] = statements
        verdict = drifts.reported(statements)
        await _write_drift(ctx, resource, body, verdict, fields=fields, statements=statements)
        return True
    approval = policies.approval_of(spec, source.spec)
    decision = planning.decide(source, plan, existing, approval=approval, now=ctx.now())
    if decision.migration is not None:
        _in_shard(ctx, decision.migration, body)
        await _write_migration(ctx, source, decision.migration, existing)
    await _supersede(ctx, source, decision.keep)
    fields["migration"] = decision.keep
    if drifted:
        statements = drifts.listing(plan.steps)
        fields["drift"] = statements
        await _write_drift(ctx, resource, body, decision.verdict, fields=fields, statements=statements)
        return True
    if not plan.steps and drifts.flagged(body):
        fields["drift"] = None
        await reporting.write(ctx, resource, body, decision.verdict, fields=fields, side=[drifts.resolved()])
        reporting.announce(body, Verdict(Health.READY, Reason.DRIFT_RESOLVED, drifts.resolved().message))
        return False
    await reporting.write(ctx, resource, body, decision.verdict, fields=fields)
    return False


async def _write_drift(
    ctx: Context,
    resource: Resource,
    body: Mapping[str, Any],
    verdict: Verdict,
    *,
    fields: Mapping[str, Any],
    statements: list[str],
) -> None:
    """Drifted=True with what would restore the spec; an Event and the counter when it is news."""
    news = not drifts.flagged(body)
    condition = drifts.detected(statements)
    await reporting.write(ctx, resource, body, verdict, fields=fields, side=[condition])
    if news:
        ctx.metrics.drift.labels(str(body.get("kind", ""))).inc()
        reporting.announce(body, Verdict(Health.PROGRESSING, Reason.DRIFT_DETECTED, condition.message))


def _in_shard(ctx: Context, write: planning.MigrationWrite, body: Mapping[str, Any]) -> None:
    """The Migration takes its source's shard labels, so that this operator's shard holds it."""
    source_labels = (body.get("metadata") or {}).get("labels") or {}
    write.body["metadata"]["labels"].update(sharding.shard_labels(ctx.settings.selector, source_labels))


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
    how = _how(write.status)
    again = "planned again" if write.replaces else "planned"
    count = len(write.status.steps)
    message = f"{count} statement{'s' if count != 1 else ''} {again} for {source.kind} {source.name}, {how}"
    reporting.announce(written, Verdict(Health.PROGRESSING, Reason.PLANNED, message))
    await reporting.write(ctx, MIGRATIONS, written, verdict, fields=fields)


def _how(status: MigrationStatus) -> str:
    if status.approved_at:
        return f"approved by approval policy {status.approval}"
    return planning.held_by(status) or "awaiting approval"


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
