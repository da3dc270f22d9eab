"""Expand and contract: which steps are safe before an application rollout, which only after.

A step is `contract` when running clients of the old application could break on it: it drops
or narrows what they read, renames what they name, or adds a rule (NOT NULL, UNIQUE, a foreign
key) that their writes may not keep. Everything else is `expand`. Every step after a table
rename is contract too (steps name the renamed table by a name it has only after the rename),
and a BEGIN..COMMIT group (an SQLite rebuild) is one unit; other steps are independent of each
other's phase (a diff never drops or renames a name that a later step of the same plan
creates), so the expand part can run alone.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from schemahero.driver_api.types import Step, StepKind
from schemahero.schema.hazards import HazardKind


class Rollout(enum.StrEnum):
    EXPAND = "expand"
    """Safe before the application rollout: the old application keeps working."""
    CONTRACT = "contract"
    """Only safe after the rollout: the old application may break."""


CONTRACT_HAZARDS = frozenset({HazardKind.DELETES_DATA, HazardKind.MAY_FAIL_ON_DATA, HazardKind.RENAMES})


def rollouts(steps: Sequence[Step]) -> list[Rollout]:
    """The rollout phase of each step, in order."""
    phases = [Rollout.CONTRACT if _contracts(step) else Rollout.EXPAND for step in steps]
    for start, end in _groups(steps):
        if Rollout.CONTRACT in phases[start:end]:
            phases[start:end] = [Rollout.CONTRACT] * (end - start)
    renamed = next((i for i, step in enumerate(steps) if step.kind is StepKind.RENAME_TABLE), len(steps))
    phases[renamed:] = [Rollout.CONTRACT] * (len(steps) - renamed)
    for start, end in _groups(steps):
        if Rollout.CONTRACT in phases[start:end]:
            phases[start:end] = [Rollout.CONTRACT] * (end - start)
    return phases


def _contracts(step: Step) -> bool:
    return step.kind in (StepKind.DROP_TABLE, StepKind.DROP_OBJECT, StepKind.RENAME_TABLE) or any(
        h.kind in CONTRACT_HAZARDS for h in step.hazards
    )


def _groups(steps: Sequence[Step]) -> list[tuple[int, int]]:
    """[start, end) of each BEGIN..COMMIT run."""
    groups, start = [], None
    for index, step in enumerate(steps):
        if step.kind is StepKind.BEGIN:
            start = index
        elif step.kind is StepKind.COMMIT and start is not None:
            groups.append((start, index + 1))
            start = None
    return groups
