"""Migration decisions: when to apply, and what an apply's results or errors come to."""

from __future__ import annotations

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import StepResult, StepStatus
from schemahero.operator import applying
from schemahero.operator.applying import Action
from schemahero.operator.conditions import Health
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import Condition, MigrationStatus, MigrationStep, Phase

STEPS = [
    MigrationStep("create table a (x int)", "CreateTable"),
    MigrationStep("create index i on a (x)", "CreateIndex"),
]


def test_only_an_approved_open_migration_is_applied() -> None:
    assert applying.next_action(MigrationStatus(phase=Phase.PLANNED, steps=STEPS)) is Action.NONE
    assert (
        applying.next_action(MigrationStatus(phase=Phase.PLANNED, approved_at=5, steps=STEPS)) is Action.APPLY
    )
    assert (
        applying.next_action(MigrationStatus(phase=Phase.APPROVED, approved_at=5, steps=STEPS))
        is Action.APPLY
    )
    for done in (Phase.EXECUTED, Phase.FAILED, Phase.INVALID):
        assert applying.next_action(MigrationStatus(phase=done, approved_at=5, steps=STEPS)) is Action.NONE


def test_rejection_wins_and_is_finished_once() -> None:
    assert applying.next_action(
        MigrationStatus(phase=Phase.PLANNED, approved_at=5, rejected_at=6, steps=STEPS)
    ) is (Action.REJECT)
    assert applying.next_action(MigrationStatus(phase=Phase.REJECTED, steps=STEPS)) is Action.REJECT
    told = [Condition("Ready", "False", Reason.REJECTED)]
    assert applying.next_action(MigrationStatus(phase=Phase.REJECTED, conditions=told)) is Action.NONE


def test_all_steps_applied_is_executed() -> None:
    results = [StepResult(0, StepStatus.APPLIED, duration_ms=1.5), StepResult(1, StepStatus.APPLIED)]
    outcome = applying.applied(STEPS, results)
    assert outcome.phase == Phase.EXECUTED and outcome.verdict.health is Health.READY
    assert outcome.steps[0].result is not None and outcome.steps[0].result.duration_ms == 1.5
    assert outcome.verdict.message == "2 statements applied"


def test_a_failed_step_fails_with_the_drivers_message() -> None:
    results = [StepResult(0, StepStatus.ROLLED_BACK), StepResult(1, StepStatus.FAILED, "no such table: a")]
    outcome = applying.applied(STEPS, results)
    assert outcome.phase == Phase.FAILED
    assert outcome.message == "statement 2 failed: no such table: a"
    assert outcome.verdict.reason == Reason.APPLY_FAILED
    assert [s.result.status for s in outcome.steps if s.result] == ["ROLLED_BACK", "FAILED"]


def test_an_already_applied_plan_is_executed_and_says_so() -> None:
    outcome = applying.applied(
        STEPS, [StepResult(i, StepStatus.SKIPPED, "already applied") for i in range(2)]
    )
    assert outcome.phase == Phase.EXECUTED
    assert "already" in outcome.message


def test_errors_by_status_code() -> None:
    stale = applying.refused(STEPS, DriverError(ErrorCode.FAILED_PRECONDITION, "changed"))
    assert stale.phase == Phase.INVALID and stale.replan
    for code, reason in (
        (ErrorCode.ABORTED, Reason.LOCKED),
        (ErrorCode.UNAVAILABLE, Reason.CONNECTION_FAILED),
    ):
        later = applying.refused(STEPS, DriverError(code, "later"))
        assert later.phase is None and later.verdict.reason == reason
        assert later.verdict.health is Health.PROGRESSING
    broken = applying.refused(STEPS, DriverError(ErrorCode.INVALID_ARGUMENT, "bad step"))
    assert broken.phase == Phase.FAILED and broken.message == "bad step"
