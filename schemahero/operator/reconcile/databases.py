"""Database: find its driver, resolve its connection, check it; report DriverReady, Connected.

Mis-written safety fields (`approval`, `drift`) make it Stalled with InvalidSpec: its sources
are not planned until they are fixed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import kopf

from schemahero.driver_api.errors import DriverError
from schemahero.driver_api.faults import redact
from schemahero.operator import connecting, planning, policies, reporting, sourcing
from schemahero.operator.connections import ConnectionProblem, resolve
from schemahero.operator.context import Context
from schemahero.operator.reconcile.drivers import database_spec, driver_of
from schemahero.operator.resources import DATABASES
from schemahero.plugins.pool import Resolved


async def reconcile(ctx: Context, body: Mapping[str, Any], retry: int, *, raise_retry: bool) -> None:
    """Check the Database and write its status; with `raise_retry`, retry later when it may help."""
    meta = body.get("metadata") or {}
    namespace, name = meta.get("namespace", ""), meta.get("name", "")
    report, fields = await _check(ctx, body)
    ok = report.connected.status == "True"
    ctx.metrics.connected.labels(namespace, name).set(1 if ok else 0)
    if not ok:
        ctx.metrics.failures.labels("connection").inc()
    conditions = report.conditions(meta.get("generation"))
    problems = policies.database_problems(body.get("spec") or {})
    if problems:
        ctx.metrics.failures.labels("spec").inc()
    verdict = planning.invalid_spec(problems) if problems else report.verdict
    await reporting.write(ctx, DATABASES, body, verdict, fields=fields, conditions=conditions)
    if report.retry and raise_retry:
        raise kopf.TemporaryError(report.verdict.message, delay=ctx.settings.backoff(retry))


async def _check(ctx: Context, body: Mapping[str, Any]) -> tuple[connecting.Report, dict[str, Any]]:
    try:
        resolved = await driver_of(ctx, body)
    except ConnectionProblem as problem:
        return connecting.invalid_connection(problem), {"driver": None}
    except DriverError as error:
        return connecting.driver_failed(error), {"driver": None}
    report, fields = await _connection(ctx, body, resolved)
    return sourcing.fallen_back(report, resolved), {"driver": sourcing.driver_status(resolved), **fields}


async def _connection(
    ctx: Context, body: Mapping[str, Any], resolved: Resolved
) -> tuple[connecting.Report, dict[str, Any]]:
    meta = body.get("metadata") or {}
    driver = sourcing.describe(resolved)
    try:
        target = await resolve(database_spec(body), meta.get("namespace", ""), meta.get("name", ""), ctx.kube)
    except ConnectionProblem as problem:
        return connecting.unresolved(driver, problem), {}
    try:
        info = await asyncio.to_thread(resolved.driver.check_connection, target.connection)
    except DriverError as error:
        safe = DriverError(error.code, redact(error.message, target.connection))
        return connecting.unreachable(driver, safe), {}
    return connecting.connected(driver, info.server_version), {"serverVersion": info.server_version}
