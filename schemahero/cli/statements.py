"""Splitting a DDL script into statements, as `apply --ddl` needs.

Semicolons inside quotes, quoted identifiers, comments, dollar-quoted bodies and the BEGIN ...
END body of a CREATE TRIGGER do not end a statement.
"""

from __future__ import annotations

import re

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_QUOTES = {"'": "'", '"': '"', "`": "`"}


def split_statements(script: str) -> list[str]:
    """The statements of `script`, without their final semicolons; comment-only parts dropped."""
    statements: list[str] = []
    start = i = 0
    depth = 0
    n = len(script)
    while i < n:
        ch = script[i]
        if ch in _QUOTES:
            i = _after_quoted(script, i + 1, _QUOTES[ch])
        elif script.startswith("--", i):
            end = script.find("\n", i)
            i = n if end < 0 else end + 1
        elif script.startswith("/*", i):
            end = script.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch == "$" and (tag := _DOLLAR_TAG.match(script, i)):
            end = script.find(tag.group(0), tag.end())
            i = n if end < 0 else end + len(tag.group(0))
        elif ch.isalpha() or ch == "_":
            word = _WORD.match(script, i)
            assert word is not None
            depth += _block_depth_change(word.group(0).lower(), script[start:i])
            i = word.end()
        elif ch == ";" and depth <= 0:
            _keep(statements, script[start:i])
            start = i = i + 1
            depth = 0
        else:
            i += 1
    _keep(statements, script[start:])
    return statements


def _after_quoted(script: str, i: int, quote: str) -> int:
    """Index just past the closing quote; a doubled quote is an escaped one (standard SQL and
    CQL: a backslash is an ordinary character)."""
    while i < len(script):
        if script[i] == quote:
            if script.startswith(quote * 2, i):
                i += 2
                continue
            return i + 1
        i += 1
    return i


def _block_depth_change(word: str, so_far: str) -> int:
    if not re.match(r"\s*create\s+(temp\w*\s+)?trigger\b", so_far, re.IGNORECASE):
        return 0
    if word == "begin":
        return 1
    if word == "end" and not re.search(r"\bcase\b[^;]*$", so_far, re.IGNORECASE):
        return -1
    return 0


def _keep(statements: list[str], text: str) -> None:
    statement = text.strip()
    if _strip_comments(statement).strip():
        statements.append(statement)


def _strip_comments(text: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", "", text, flags=re.DOTALL)
