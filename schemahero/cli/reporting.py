"""What the CLI tells people on stderr: diagnostics, hazards, progress."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from schemahero.driver_api.types import Step
from schemahero.schema.diagnostics import Diagnostic


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def diagnostics(found: Iterable[Diagnostic]) -> None:
    for diagnostic in found:
        say(str(diagnostic))


def hazards(steps: Iterable[Step]) -> None:
    """One line per hazardous step, so that a reviewer sees what needs care before applying."""
    for number, step in enumerate(steps, 1):
        for hazard in step.hazards:
            where = f" ({step.object})" if step.object else ""
            say(f"hazard: step {number}{where}: {hazard}")
