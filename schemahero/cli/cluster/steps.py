"""A Migration's stored steps as the cluster commands read them: plain JSON, old ones included.

Steps planned before pre-flight checks and rollout phases existed lack those fields.
"""

from __future__ import annotations

from typing import Any

from schemahero.driver_api.types import rows_found

Stored = dict[str, Any]


def of(migration: Stored) -> list[Stored]:
    return list((migration.get("status") or {}).get("steps") or [])


def check_text(check: Stored) -> str:
    """ "3 rows of users with NULL in email", or the description and "not counted"."""
    violations = check.get("violations")
    description = str(check.get("description", ""))
    return f"{description} (not counted)" if violations is None else rows_found(int(violations), description)


def counted(step: Stored) -> list[str]:
    """The step's checks that counted rows: each a reason the step would fail."""
    return [check_text(c) for c in step.get("checks") or [] if c.get("violations")]


def numbers(found: list[int]) -> str:
    """ "statement 3", "statements 1-2, 4": runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in found:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    return f"statement {text}" if len(found) == 1 else f"statements {text}"
