"""SQL literals for the few places a plan must print a value: seed rows and defaults.

Statements that run are printed, not bound: a Migration shows the exact SQL a reviewer approves.
Strings follow the SQL standard (a quote is doubled, a backslash is an ordinary character).
"""

from __future__ import annotations

from schemahero.schema.model import SeedValue


def literal(value: SeedValue, mark: str = "'") -> str:
    """`value` as an SQL literal: NULL as `null`, an int as a number, a str quoted with `mark`
    (a single quote; MySQL also reads strings in double quotes, as upstream prints some)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        raise TypeError(f"no SQL literal for a boolean: {value!r}")
    if isinstance(value, int):
        return str(value)
    if "\x00" in value:
        raise ValueError(f"a string literal cannot hold a NUL character: {value!r}")
    return mark + value.replace(mark, mark * 2) + mark
