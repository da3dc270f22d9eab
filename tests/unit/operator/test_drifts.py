"""Which plans are drift: only of a spec already matched, with no recalculation waiting."""

from __future__ import annotations

from typing import Any

from schemahero.driver_api.types import Step, StepKind
from schemahero.operator import drifts
from schemahero.operator.planning import RECALCULATED_AT, spec_sha
from schemahero.operator.reasons import Reason
from tests.unit.operator.conftest import USERS_SPEC, table_body

DROP = (Step("alter table users drop column nick", StepKind.ALTER_TABLE),)


def body(
    reason: str, *, sha: str | None = None, drifted: str | None = None, **annotations: str
) -> dict[str, Any]:
    found = table_body(annotations=dict(annotations))
    conditions = [
        {"type": "Ready", "status": "True" if reason in drifts.SETTLED else "False", "reason": reason}
    ]
    if drifted:
        conditions.append({"type": "Drifted", "status": drifted, "reason": "DriftDetected"})
    found["status"] = {"lastPlannedTableSpecSHA": sha or spec_sha(USERS_SPEC), "conditions": conditions}
    return found


def test_a_settled_source_with_a_plan_drifted() -> None:
    assert drifts.drifted(body(Reason.UP_TO_DATE), DROP, None)
    assert drifts.drifted(body(Reason.MIGRATION_EXECUTED), DROP, None)
    assert not drifts.drifted(body(Reason.MIGRATION_EXECUTED), (), None), "an empty plan is no drift"


def test_a_new_spec_or_a_pending_source_is_not_drift() -> None:
    assert not drifts.drifted(body(Reason.UP_TO_DATE, sha="other"), DROP, None)
    assert not drifts.drifted(body(Reason.AWAITING_APPROVAL), DROP, None)
    assert drifts.drifted(body(Reason.AWAITING_APPROVAL, drifted="True"), DROP, None), "still drifted"


def test_an_unanswered_recalculation_asks_for_a_migration() -> None:
    asked = body(Reason.UP_TO_DATE, **{RECALCULATED_AT: "2026-01-01T00:00:00"})
    assert not drifts.drifted(asked, DROP, None)
    answered = {"status": {"recalculation": "2026-01-01T00:00:00"}}
    assert drifts.drifted(asked, DROP, answered)


def test_a_round_plans_settled_and_drifted_sources_only() -> None:
    assert drifts.due(body(Reason.UP_TO_DATE))
    assert drifts.due(body(Reason.DRIFT_DETECTED, drifted="True"))
    assert not drifts.due(body(Reason.AWAITING_APPROVAL))
    assert not drifts.due(body(Reason.DRIFT_DETECTED, drifted="False"))


def test_the_listing_and_message_are_bounded() -> None:
    steps = [Step(f"alter table t add column c{n} {'x' * 400}", StepKind.ALTER_TABLE) for n in range(30)]
    listed = drifts.listing(steps)
    assert len(listed) == drifts.LISTED + 1 and listed[-1] == "... and 10 more"
    assert all(len(s) <= drifts.STATEMENT_LIMIT for s in listed)
    condition = drifts.detected(listed)
    assert condition.status == "True" and condition.reason == "DriftDetected"
    assert len(condition.message) <= drifts.MESSAGE_LIMIT and "add column c0" in condition.message
    assert drifts.resolved().status == "False"
