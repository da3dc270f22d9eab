"""MySQL literals: the shared renderer, with MySQL's backslash escapes.

MySQL reads a backslash in a string as an escape (sessions of this driver clear
NO_BACKSLASH_ESCAPES so that it always does), so a backslash is doubled, and line breaks are
written `\\n` and `\\r` so that every statement stays on one line. Seed values with line breaks
are printed as upstream prints them: CONCAT_WS(CHAR(10 using utf8), 'line 1', 'line 2').
"""

from __future__ import annotations

from schemahero.drivers._sql import literal as standard_literal
from schemahero.schema.model import SeedValue

_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r"})


def literal(value: SeedValue, mark: str = "'") -> str:
    """`value` as a MySQL literal; `mark` is the quote (upstream prints some in double quotes)."""
    if isinstance(value, str):
        value = value.translate(_ESCAPES)
    return standard_literal(value, mark)


def seed_value(value: SeedValue) -> str:
    """A seed value: a string with line breaks is joined from its lines, as upstream does."""
    if isinstance(value, str) and "\n" in value:
        lines = ", ".join(literal(line) for line in value.split("\n"))
        return f"CONCAT_WS(CHAR(10 using utf8), {lines})"
    return literal(value)
