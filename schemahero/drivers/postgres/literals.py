"""PostgreSQL string literals: the shared renderer, or an E'' string for control characters.

A value with a newline or a backslash is printed as upstream prints it, an escape string
(`E'line 1\\nline 2'`), so that every statement of a plan stays on one line.
"""

from __future__ import annotations

import re

from schemahero.drivers._sql import literal as standard_literal
from schemahero.schema.model import SeedValue

_NEEDS_ESCAPES = re.compile(r"[\\\x01-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def literal(value: SeedValue) -> str:
    """`value` as a PostgreSQL literal: NULL, a number, a quoted string or an escape string."""
    if isinstance(value, str) and "\x00" not in value and _NEEDS_ESCAPES.search(value):
        return "E'" + "".join(_escape(ch) for ch in value) + "'"
    return standard_literal(value)


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch


def unquote(text: str) -> str | None:
    """The value of one quoted literal (`'it''s'`, `E'a\\nb'`), or None if `text` is not one."""
    text = text.strip()
    if (found := _STANDARD.fullmatch(text)) is not None:
        return found["body"].replace("''", "'")
    if (found := _ESCAPED.fullmatch(text)) is not None:
        return re.sub(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)|''", _unescape, found["body"])
    return None


_STANDARD = re.compile(r"'(?P<body>(?:[^']|'')*)'")
_ESCAPED = re.compile(r"[eE]'(?P<body>(?:[^'\\]|''|\\.)*)'")
"""Single-quoted literals; a backslash escapes only in an E'' string."""

_NAMED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _unescape(found: re.Match[str]) -> str:
    code = found.group(1)
    if code is None:
        return "'"
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0].isdigit():
        return chr(int(code, 8))
    return _NAMED.get(code, code)
