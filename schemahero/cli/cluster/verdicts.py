"""`approve migration NAME` and `reject migration NAME`: a person's verdict on a planned Migration.

An approved Migration is applied by the operator, once; a rejected one never is. Both write the
phase and upstream's timestamp (unix seconds) into the Migration's status, as upstream's CLI does.
"""

from __future__ import annotations

import argparse
import functools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemahero.cli import reporting
from schemahero.cli.cluster import steps
from schemahero.cli.cluster.decisions import OPEN, name_and_phase, register_decision

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


@dataclass(frozen=True)
class Verdict:
    verb: str
    phase: str
    stamp: str
    help: str


VERDICTS = (
    Verdict("approve", "APPROVED", "approvedAt", "approve a migration: the operator then applies it"),
    Verdict("reject", "REJECTED", "rejectedAt", "reject a migration: it will not be applied"),
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for verdict in VERDICTS:
        register_decision(commands, verdict.verb, verdict.help, functools.partial(decide, verdict))


async def decide(verdict: Verdict, cluster: Cluster, migration: dict[str, Any]) -> int:
    name, phase = name_and_phase(migration)
    if phase not in OPEN:
        reporting.say(f"Migration {name} is already {phase}: nothing to {verdict.verb}")
        return 1
    if verdict.phase == "APPROVED":
        _warn_of_counted_rows(migration)
    patch = {"status": {"phase": verdict.phase, verdict.stamp: int(time.time())}}
    await cluster.patch("Migration", migration["metadata"]["namespace"], name, patch, status=True)
    print(f"Migration {name} {verdict.phase.lower()}")
    return 0


def _warn_of_counted_rows(migration: dict[str, Any]) -> None:
    """Approving does not make rows fit: say which steps the operator will refuse to run."""
    counted = [(n, step) for n, step in enumerate(steps.of(migration), 1) if steps.counted(step)]
    for number, step in counted:
        for found in steps.counted(step):
            reporting.say(reporting.rows_warning(number, found, str(step.get("sql", ""))))
    if counted:
        reporting.say(
            "note: the operator counts these rows again before it applies, and applies nothing "
            "while any remain"
        )
