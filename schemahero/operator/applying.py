"""What to do with a Migration, and what its apply came to: pure decisions, no I/O.

A Migration is applied exactly once: only from PLANNED or APPROVED with `approvedAt` set, and
the caller re-reads it under the database's lock before claiming it. A driver that finds the
database changed since the plan (FAILED_PRECONDITION) makes it INVALID, and its source is
planned again.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import StepResult, StepStatus
from schemahero.operator import planning
from schemahero.operator.conditions import READY, Health, Verdict
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import MigrationStatus, MigrationStep, Phase, PhaseName, StepOutcome

TERMINAL: frozenset[str] = frozenset({Phase.EXECUTED, Phase.REJECTED, Phase.FAILED, Phase.INVALID})


class Action(enum.Enum):
    NONE = "none"
    REJECT = "reject"
    APPLY = "apply"


def next_action(status: MigrationStatus) -> Action:
    """REJECT also finishes a rejection written as upstream's CLI does (phase set directly)."""
    rejected = status.phase == Phase.REJECTED or (status.rejected_at and status.phase not in TERMINAL)
    if rejected:
        told = any(c.type == READY and c.reason == Reason.REJECTED for c in status.conditions)
        return Action.NONE if told else Action.REJECT
    if status.phase in TERMINAL:
        return Action.NONE
    if status.approved_at and status.steps:
        return Action.APPLY
    return Action.NONE


@dataclass(frozen=True)
class Outcome:
    """The status an apply leaves: a new phase (None: unchanged, retried later) and why."""

    phase: PhaseName | None
    verdict: Verdict
    steps: list[MigrationStep]
    message: str = ""

    @property
    def replan(self) -> bool:
        return self.phase == Phase.INVALID


def applied(steps: Sequence[MigrationStep], results: Sequence[StepResult]) -> Outcome:
    """EXECUTED when no step failed, else FAILED with the driver's message of the first failure."""
    outcomes = list(steps)
    for result in results:
        if 0 <= result.index < len(outcomes):
            outcomes[result.index] = replace(
                outcomes[result.index],
                result=StepOutcome(result.status.value, result.message, result.duration_ms),
            )
    failed = next((r for r in results if r.status is StepStatus.FAILED), None)
    if failed is None:
        skipped = results and all(r.status is StepStatus.SKIPPED for r in results)
        message = "the database already had these changes" if skipped else ""
        count = len(results)
        done = message if skipped else f"{count} statement{'s' if count != 1 else ''} applied"
        return Outcome(Phase.EXECUTED, Verdict(Health.READY, Reason.EXECUTED, done), outcomes, message)
    message = f"statement {failed.index + 1} failed: {failed.message}"
    return Outcome(Phase.FAILED, Verdict(Health.STALLED, Reason.APPLY_FAILED, message), outcomes, message)


def refused(steps: Sequence[MigrationStep], error: DriverError) -> Outcome:
    """What a DriverError from apply means for the Migration (the message is already redacted)."""
    if error.code is ErrorCode.FAILED_PRECONDITION:
        message = f"not applied: {error.message}"
        verdict = Verdict(Health.STALLED, Reason.INVALIDATED, message)
        return Outcome(Phase.INVALID, verdict, list(steps), message)
    if error.code is ErrorCode.ABORTED:
        return Outcome(None, Verdict(Health.PROGRESSING, Reason.LOCKED, error.message), list(steps))
    if error.code is ErrorCode.UNAVAILABLE:
        verdict = Verdict(Health.PROGRESSING, Reason.CONNECTION_FAILED, error.message)
        return Outcome(None, verdict, list(steps))
    verdict = Verdict(Health.STALLED, Reason.APPLY_FAILED, error.message)
    return Outcome(Phase.FAILED, verdict, list(steps), error.message)


def verdict_of(status: MigrationStatus, name: str) -> Verdict:
    """The kstatus of a Migration by its phase (used when the phase changes outside an apply)."""
    phase = status.phase or Phase.PLANNED
    if phase == Phase.EXECUTED:
        return Verdict(Health.READY, Reason.EXECUTED, "applied")
    if phase == Phase.REJECTED:
        return Verdict(Health.STALLED, Reason.REJECTED, "rejected: it will not be applied")
    if phase == Phase.FAILED:
        return Verdict(Health.STALLED, Reason.APPLY_FAILED, status.message or "failed")
    if phase == Phase.INVALID:
        return Verdict(Health.STALLED, Reason.INVALIDATED, status.message or "invalid")
    if status.approved_at:
        return Verdict(Health.PROGRESSING, Reason.APPROVED, "approved: applying")
    held = planning.held_by(status)
    if held:
        return Verdict(
            Health.PROGRESSING,
            Reason.HELD_BY_POLICY,
            f"{held}; kubectl schemahero approve migration {name} applies it",
        )
    return Verdict(
        Health.PROGRESSING,
        Reason.AWAITING_APPROVAL,
        f"awaits approval: kubectl schemahero approve migration {name}",
    )
