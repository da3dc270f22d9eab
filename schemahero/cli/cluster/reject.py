"""`reject migration NAME`: a rejected Migration is never applied."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from schemahero.cli import reporting
from schemahero.cli.cluster.decisions import OPEN, name_and_phase, register_decision

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_decision(commands, "reject", "reject a migration: it will not be applied", reject)


async def reject(cluster: Cluster, migration: dict[str, Any]) -> int:
    """Write `rejectedAt` and the phase; the operator then tells the source object."""
    name, phase = name_and_phase(migration)
    if phase not in OPEN:
        reporting.say(f"Migration {name} is already {phase}: nothing to reject")
        return 1
    patch = {"status": {"phase": "REJECTED", "rejectedAt": int(time.time())}}
    await cluster.patch("Migration", migration["metadata"]["namespace"], name, patch, status=True)
    print(f"Migration {name} rejected")
    return 0
