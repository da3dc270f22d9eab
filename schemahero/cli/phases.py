"""`--rollout expand|contract`: the part of a plan that is safe before or after an app rollout."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from schemahero.driver_api.rollout import Rollout, rollouts
from schemahero.driver_api.types import Step

EXPLAINED = (
    "expand: the statements that are safe while the current application still runs (they add, "
    "never take away); contract: the statements that are only safe once the new application is "
    "rolled out (they drop, rename, or add rules that old writes may break)."
)


def add_rollout_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--rollout",
        choices=[r.value for r in Rollout],
        type=Rollout,
        default=None,
        help=f"{what} only the statements of one phase. {EXPLAINED} Apply the expand part, roll "
        "out the application, then apply the contract part.",
    )


def of_phase(steps: Sequence[Step], rollout: Rollout | None) -> list[Step]:
    """The steps of `rollout`, in plan order; all of them for None."""
    if rollout is None:
        return list(steps)
    return [step for step, phase in zip(steps, rollouts(steps), strict=True) if phase is rollout]
