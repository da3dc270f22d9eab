"""Safety policies of a Database: who approves its Migrations, and how drift is handled.

Pure decisions, no I/O. `auto-safe` approves a plan only when no step carries a hazard and no
pre-flight check counted a row; otherwise the Migration is held for a person, with the reasons.
Drift settings are read from the live spec each time they are needed, so that a change of the
Database takes effect at the next round without restarting anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, get_args

from schemahero.driver_api.types import rows_found
from schemahero.operator.statuses import MigrationStep
from schemahero.schema import specs
from schemahero.schema.decoding import decode
from schemahero.schema.diagnostics import Diagnostic, Severity

MANUAL: Final = "manual"
AUTO: Final = "auto"
AUTO_SAFE: Final = "auto-safe"
APPROVALS: tuple[str, ...] = get_args(specs.Approval)
REPORT: Final = "report"
RESTORE: Final = "restore"

_DURATION = re.compile(r"(?:\d+(?:\.\d+)?(?:ms|s|m|h))+")
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
SAFETY_FIELDS = ("spec.approval", "spec.drift")
HOLD_LIMIT = 10
"""Reasons named in a hold's message; more are counted."""


@dataclass(frozen=True)
class Drift:
    """How one Database's drift is handled: re-plan every `interval` seconds, then report or restore."""

    interval: float
    policy: str


def seconds(duration: str) -> float | None:
    """`30s`, `5m`, `1h30m`, `500ms` in seconds; None when it is not such a duration."""
    text = duration.strip()
    if not _DURATION.fullmatch(text):
        return None
    return sum(float(n) * _UNIT_SECONDS[unit] for n, unit in _PART.findall(text))


def database_problems(spec: Mapping[str, Any]) -> list[Diagnostic]:
    """Errors in the safety fields of a Database's spec (`approval`, `drift`), with their paths:
    the typed decoder's, and an interval that is no duration."""
    decoded, diagnostics = decode(specs.DatabaseSpec, dict(spec), "spec")
    problems = [d for d in diagnostics if d.severity is Severity.ERROR and d.path.startswith(SAFETY_FIELDS)]
    interval = decoded.drift.interval if decoded is not None and decoded.drift is not None else None
    if interval is not None and not seconds(interval):
        message = f"must be a duration such as 30s, 5m or 1h, not {interval!r}"
        problems.append(Diagnostic("invalid-value", message, "spec.drift.interval"))
    return problems


def approval_of(database: specs.DatabaseSpec, source: Mapping[str, Any]) -> str:
    """The policy deciding a source's Migrations: its own, else its Database's, else by
    upstream's `immediateDeploy` (auto when set, manual when not)."""
    chosen = source.get("approval") or database.approval
    if chosen in APPROVALS:
        return str(chosen)
    return AUTO if database.immediate_deploy else MANUAL


def drift_of(database: specs.DatabaseSpec) -> Drift | None:
    """The Database's drift settings; None when drift is off (no interval) or mis-written."""
    if database.drift is None or database.drift.interval is None:
        return None
    interval = seconds(database.drift.interval)
    if not interval:
        return None
    return Drift(interval, database.drift.policy)


def hold_reasons(steps: Sequence[MigrationStep]) -> list[str]:
    """Why auto-safe would not approve these steps: each hazard, and each check that counted rows."""
    reasons: list[str] = []
    for number, step in enumerate(steps, start=1):
        reasons += [f"step {number}: {hazard.kind}: {hazard.message}" for hazard in step.hazards]
        reasons += [
            f"step {number}: {rows_found(check.violations, check.description)}"
            for check in step.checks
            if check.violations
        ]
    return reasons


def approves(policy: str, steps: Sequence[MigrationStep]) -> bool:
    """Whether `policy` approves a plan of `steps` the moment it is made."""
    if policy == AUTO:
        return True
    return policy == AUTO_SAFE and not hold_reasons(steps)


def hold_message(reasons: Sequence[str]) -> str:
    shown = "; ".join(reasons[:HOLD_LIMIT])
    more = f" (and {len(reasons) - HOLD_LIMIT} more)" if len(reasons) > HOLD_LIMIT else ""
    return f"held by approval policy auto-safe: {shown}{more}"
