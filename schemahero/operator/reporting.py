"""Writing what happened: status conditions through the API, and an Event when they change."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

import kopf

from schemahero.operator.conditions import Health, Verdict, merge, summary, utcnow
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json, to_json
from schemahero.operator.kube import Body
from schemahero.operator.resources import Resource
from schemahero.operator.statuses import Condition, SourceStatus

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 1000


async def write(
    ctx: Context,
    resource: Resource,
    body: Mapping[str, Any],
    verdict: Verdict,
    *,
    fields: Mapping[str, Any] | None = None,
    conditions: Sequence[Condition] = (),
    side: Sequence[Condition] = (),
) -> bool:
    """Patch the object's status with `fields` and the conditions of `verdict` (plus
    `conditions`); post an Event when a condition changed. Returns whether one did.
    `side` conditions are written too, but their changes are the caller's to announce.
    """
    meta = body.get("metadata") or {}
    generation = meta.get("generation")
    previous = from_json(SourceStatus, body.get("status")).conditions
    now = utcnow()
    aside, _ = merge(previous, [replace(c, observed_generation=generation) for c in side], now)
    merged, changed = merge(aside, [*conditions, *summary(verdict, generation)], now)
    status = {
        **(fields or {}),
        "observedGeneration": generation,
        "conditions": to_json(merged),
    }
    await ctx.kube.patch_status(resource, meta["namespace"], meta["name"], status)
    if changed:
        announce(body, verdict)
    return changed


def announce(body: Mapping[str, Any], verdict: Verdict, reason: str = "") -> None:
    """An Event on the object: Warning when it is stalled, Normal otherwise."""
    kind = "Warning" if verdict.health is Health.STALLED else "Normal"
    message = verdict.message[:MESSAGE_LIMIT]
    meta = body.get("metadata") or {}
    log.info(
        "%s %s/%s: %s %s",
        body.get("kind"),
        meta.get("namespace"),
        meta.get("name"),
        reason or verdict.reason,
        message,
    )
    reference = kopf.Body(cast(kopf.RawBody, _reference(body)))
    kopf.event(reference, type=kind, reason=reason or verdict.reason, message=message)


def _reference(body: Mapping[str, Any]) -> Body:
    meta = body.get("metadata") or {}
    return {
        "apiVersion": body.get("apiVersion"),
        "kind": body.get("kind"),
        "metadata": {k: meta.get(k) for k in ("name", "namespace", "uid")},
    }
