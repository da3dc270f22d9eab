"""Drift of a source object: its database no longer matches a spec it matched. Pure decisions.

A plan that is not empty means drift only when the spec is the one already planned and matched
(Ready because its database matched it, or already found drifted) and no recalculation waits for
an answer: a new spec or a recalculation asks for a Migration, whatever the database holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schemahero.driver_api.types import Step
from schemahero.operator.conditions import DRIFTED, READY, Health, Verdict, find
from schemahero.operator.encoding import from_json
from schemahero.operator.planning import RECALCULATED_AT, Source
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import Condition, MigrationStatus, SourceStatus

SETTLED = frozenset({Reason.UP_TO_DATE, Reason.MIGRATION_EXECUTED})
"""Ready reasons of a source whose database matched its spec."""
LISTED = 20
"""Statements kept in `status.drift`; more are counted."""
STATEMENT_LIMIT = 300
MESSAGE_LIMIT = 900


def flagged(body: Mapping[str, Any]) -> bool:
    """Whether the source's Drifted condition is True."""
    drifted = find(_status(body).conditions, DRIFTED)
    return drifted is not None and drifted.status == "True"


def settled(body: Mapping[str, Any]) -> bool:
    """Whether the source was Ready because its database matched its spec."""
    ready = find(_status(body).conditions, READY)
    return ready is not None and ready.status == "True" and ready.reason in SETTLED


def due(body: Mapping[str, Any]) -> bool:
    """Whether a drift round plans this source again: it matched, or it drifted."""
    return settled(body) or flagged(body)


def drifted(body: Mapping[str, Any], plan_steps: Sequence[Step], existing: Mapping[str, Any] | None) -> bool:
    """Whether a plan with these steps is drift (see the module's docstring)."""
    if not plan_steps or not due(body):
        return False
    source = Source.of(body)
    if _status(body).last_planned_table_spec_sha != source.spec_sha:
        return False
    asked = source.annotations.get(RECALCULATED_AT)
    answered = from_json(MigrationStatus, (existing or {}).get("status")).recalculation
    return not asked or asked == answered


def listing(steps: Sequence[Step]) -> list[str]:
    """The statements that would restore the spec, bounded for a status field."""
    shown = [_short(step.sql) for step in steps[:LISTED]]
    if len(steps) > LISTED:
        shown.append(f"... and {len(steps) - LISTED} more")
    return shown


def detected(statements: Sequence[str]) -> Condition:
    """Drifted=True, its message naming what would restore the spec."""
    return Condition(DRIFTED, "True", Reason.DRIFT_DETECTED, _message(statements))


def resolved() -> Condition:
    return Condition(DRIFTED, "False", Reason.DRIFT_RESOLVED, "the database matches the spec again")


def reported(statements: Sequence[str]) -> Verdict:
    """Ready of a drifted source under policy `report`: nobody restores it but a person."""
    return Verdict(Health.STALLED, Reason.DRIFT_DETECTED, _message(statements))


def _message(statements: Sequence[str]) -> str:
    text = f"the database no longer matches the spec; restoring it takes: {'; '.join(statements)}"
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 3] + "..."


def _short(sql: str) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= STATEMENT_LIMIT else flat[: STATEMENT_LIMIT - 3] + "..."


def _status(body: Mapping[str, Any]) -> SourceStatus:
    return from_json(SourceStatus, body.get("status"))
