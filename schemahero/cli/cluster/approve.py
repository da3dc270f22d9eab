"""`approve migration NAME`: the operator applies an approved Migration, once."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from schemahero.cli import reporting
from schemahero.cli.cluster.decisions import OPEN, name_and_phase, register_decision

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_decision(commands, "approve", "approve a migration: the operator then applies it", approve)


async def approve(cluster: Cluster, migration: dict[str, Any]) -> int:
    """Write `approvedAt` (and the phase) as upstream's CLI does."""
    name, phase = name_and_phase(migration)
    if phase not in OPEN:
        reporting.say(f"Migration {name} is already {phase}: nothing to approve")
        return 1
    patch = {"status": {"phase": "APPROVED", "approvedAt": int(time.time())}}
    await cluster.patch("Migration", migration["metadata"]["namespace"], name, patch, status=True)
    print(f"Migration {name} approved")
    return 0
