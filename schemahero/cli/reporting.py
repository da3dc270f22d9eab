"""What the CLI tells people on stderr: diagnostics, hazards, pre-flight counts, progress."""

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


def amount(count: int, noun: str) -> str:
    """ "1 statement", "3 statements"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def counted_rows(steps: Iterable[Step]) -> None:
    """One warning per pre-flight check that counted rows: applying that statement would fail."""
    for number, step in enumerate(steps, 1):
        for check in step.checks:
            if check.violations:
                say(rows_warning(number, str(check), step.sql))


def rows_warning(number: int, counted: str, sql: str) -> str:
    """`counted` is a check with its count: "3 rows of users with NULL in email"."""
    return f"warning: statement {number} fails on {counted} ({first_line(sql)})"


def first_line(sql: str) -> str:
    """A statement shortened to a line of at most 80 characters, to name it in a message."""
    line = next(iter(sql.strip().splitlines()), "")
    return line if len(line) <= 80 else line[:77] + "..."
