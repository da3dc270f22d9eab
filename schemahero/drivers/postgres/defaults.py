"""Column defaults: what a spec's text means, how the catalog prints it, when two are equal.

A spec default is a literal (`trial`, `5`: printed quoted) unless it reads as SQL: a quoted
literal, a function call, a cast or a keyword such as CURRENT_TIMESTAMP (printed as is), as
upstream decides. The catalog gives back expressions (`'trial'::character varying`), so both
sides are compared in a canonical form: a literal's value, or an expression squashed.
"""

from __future__ import annotations

import functools
import re

from schemahero.drivers.postgres import typenames
from schemahero.drivers.postgres.literals import literal, unquote
from schemahero.schema.model import Default

_KEYWORD_WORDS = """
true false null current_timestamp current_date current_time localtime localtimestamp
current_user session_user current_role current_catalog current_schema user
"""
KEYWORDS = frozenset(_KEYWORD_WORDS.split())
"""SQL words that a default may be, printed bare."""

_CALL = re.compile(r"[A-Za-z_][\w.]*\s*\(.*\)\s*(::.+)?", re.DOTALL)
_CAST = re.compile(r"(::\s*[\w .\"]+(\(\s*[\d, ]*\))?(\[\])*\s*)+\Z")
_NUMBER = re.compile(r"\(?\s*-?\d+(\.\d+)?\s*\)?")
_TRUE = frozenset({"t", "true", "y", "yes", "on", "1"})
_FALSE = frozenset({"f", "false", "n", "no", "off", "0"})

Canonical = tuple[str, str] | None
"""("literal", value) or ("expression", squashed text); None for no default."""


def from_spec(text: str, type_: str) -> Default:
    """A spec's default: SQL when it reads as SQL, else a literal value."""
    return Default(text.strip(), expression=True) if reads_as_sql(text) else Default(text)


def reads_as_sql(text: str) -> bool:
    stripped = text.strip()
    return bool(
        stripped.lower() in KEYWORDS
        or _CALL.fullmatch(stripped)
        or unquote(_without_cast(stripped)) is not None
        or "::" in stripped
    )


def from_catalog(expression: str | None) -> Default | None:
    """The default as pg_get_expr() prints it (always an expression)."""
    return None if expression is None else Default(expression, expression=True)


def render(default: Default) -> str:
    """The default as a plan prints it."""
    return default.value if default.expression else literal(default.value)


@functools.lru_cache(maxsize=4096)
def canonical(default: Default | None, type_: str) -> Canonical:
    """A form in which a spec's default and the catalog's read the same when they mean it."""
    if default is None:
        return None
    if not default.expression:
        return ("literal", _value(default.value, type_))
    text = default.value.strip()
    bare = _without_cast(text)
    value = unquote(bare)
    if value is not None:
        return ("literal", _value(value, type_))
    if _NUMBER.fullmatch(bare):
        return ("literal", bare.strip("() "))
    if bare.lower() in ("true", "false"):
        return ("literal", bare.lower())
    if bare.lower() == "null":
        return None
    return ("expression", squash(text).replace("::regclass", ""))


def to_spec(default: Default, type_: str) -> str:
    """The spec text that reads back as `default` (what `generate` writes)."""
    form = canonical(default, type_)
    if form is None:
        return "null"
    kind, value = form
    if kind == "expression" or (value in ("true", "false") and typenames.canonical(type_) == "boolean"):
        return default.value if kind == "expression" else value
    return value if not reads_as_sql(value) else literal(value)


def _value(value: str, type_: str) -> str:
    if typenames.canonical(type_) == "boolean":
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return "true"
        if lowered in _FALSE:
            return "false"
    return value


def _without_cast(text: str) -> str:
    """`'x'::character varying` -> `'x'`; an expression without a trailing cast is unchanged."""
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    found = _CAST.search(text)
    return text[: found.start()].strip() if found and found.start() > 0 else text


@functools.lru_cache(maxsize=4096)
def squash(expression: str) -> str:
    """An expression with case, white space and parentheses removed outside quotes.

    PostgreSQL prints expressions back its own way (`(id > 5)`, `CURRENT_TIMESTAMP`); two
    texts that squash alike are taken to mean the same.
    """
    out: list[str] = []
    for i, piece in enumerate(re.split(r"('(?:[^']|'')*')", expression)):
        if i % 2:
            out.append(piece)
        else:
            out.append(re.sub(r"[\s()]+", "", piece.lower()))
    return "".join(out)
