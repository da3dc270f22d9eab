"""Literals: standard strings, and escape strings for what would break a line."""

from __future__ import annotations

import pytest

from schemahero.drivers.postgres.literals import literal, unquote

MULTILINE = (
    "key1:\n  quoted: \"a yaml\n    file\"\n  unquotes: |\n    line 1\n    'line in quotes'\n    "
    "line \\ with backslash\n    line N\n"
)


def test_upstream_escape_string() -> None:
    """The seed value of upstream's seed-with-many-rows golden, byte for byte."""
    assert literal(MULTILINE) == (
        "E'key1:\\n  quoted: \"a yaml\\n    file\"\\n  unquotes: |\\n    line 1\\n    \\'line in quotes\\'\\n"
        "    line \\\\ with backslash\\n    line N\\n'"
    )


@pytest.mark.parametrize(
    ("value", "printed"), [("it's", "'it''s'"), (1, "1"), (None, "null"), ("tab\t", "E'tab\\t'")]
)
def test_literal(value: str | int | None, printed: str) -> None:
    assert literal(value) == printed


@pytest.mark.parametrize("value", [MULTILINE, "it's", "C:\\", "\x01\x7f", ""])
def test_round_trip(value: str) -> None:
    assert unquote(literal(value)) == value


def test_unquote_needs_one_literal() -> None:
    assert unquote("'a' || 'b'") is None
    assert unquote("abc") is None
    assert unquote("'C:\\'") == "C:\\"
