"""kstatus conditions: Ready, Reconciling and Stalled on every kind, so that `kubectl wait`,
Argo CD and Flux read an object's health without custom code.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from schemahero.operator.statuses import Condition

READY = "Ready"
RECONCILING = "Reconciling"
STALLED = "Stalled"
DRIVER_READY = "DriverReady"
CONNECTED = "Connected"
DRIFTED = "Drifted"
"""On a source: True while its database differs from the spec it matched before."""


class Health(enum.Enum):
    READY = "ready"
    """Done: the object is as its spec asks."""
    PROGRESSING = "progressing"
    """Not done yet, and the operator is on it (waiting, retrying or awaiting approval)."""
    STALLED = "stalled"
    """Not done, and it will not be without a change from someone."""


@dataclass(frozen=True)
class Verdict:
    """The health of an object, with the reason and message its conditions carry."""

    health: Health
    reason: str
    message: str = ""


def summary(verdict: Verdict, generation: int | None) -> list[Condition]:
    """The three kstatus conditions saying `verdict`."""
    ready = verdict.health is Health.READY

    def condition(kind: str, status: bool, reason: str, message: str) -> Condition:
        return Condition(kind, "True" if status else "False", reason, message, observed_generation=generation)

    progressing = verdict.health is Health.PROGRESSING
    stalled = verdict.health is Health.STALLED
    return [
        condition(READY, ready, verdict.reason, verdict.message),
        condition(RECONCILING, progressing, verdict.reason if progressing else "", ""),
        condition(STALLED, stalled, verdict.reason if stalled else "", ""),
    ]


def merge(
    previous: Iterable[Condition], updates: Iterable[Condition], now: datetime.datetime
) -> tuple[list[Condition], bool]:
    """`previous` with `updates` applied by type, and whether any status or reason changed.

    A condition keeps its lastTransitionTime while its status stays the same.
    """
    merged = {c.type: c for c in previous}
    changed = False
    for update in updates:
        old = merged.get(update.type)
        same_status = old is not None and old.status == update.status
        stamp = old.last_transition_time if same_status and old else rfc3339(now)
        changed |= old is None or not same_status or old.reason != update.reason
        merged[update.type] = replace(update, last_transition_time=stamp)
    return list(merged.values()), changed


def find(conditions: Iterable[Condition], kind: str) -> Condition | None:
    return next((c for c in conditions if c.type == kind), None)


def is_true(conditions: Iterable[Condition], kind: str) -> bool:
    found = find(conditions, kind)
    return found is not None and found.status == "True"


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
