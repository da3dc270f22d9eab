"""Types and defaults in one canonical form, whether read from a spec or from the catalog."""

from __future__ import annotations

import re

from schemahero.schema.model import Default

STRICT_TYPES = frozenset({"int", "integer", "real", "text", "blob", "any"})
"""The only column types a STRICT table accepts."""

TYPE_NAME = re.compile(r"[a-z_][a-z0-9_]*( [a-z_][a-z0-9_]*)*(\([+-]?[0-9]+(,[+-]?[0-9]+)?\))?\Z")
"""What a normalised declared type may look like: words, then an optional size."""

_TIMESTAMP_TYPES = frozenset({"datetime", "timestamp"})
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def normalize_type(declared: str) -> str:
    """Lowercase, single spaces, no spaces around `(`, `)` and `,`: `VARCHAR (10)` -> `varchar(10)`.

    A column declared without a type is a `blob` column: SQLite gives both the same affinity,
    and a spec must name a type.
    """
    text = " ".join(declared.lower().split())
    return re.sub(r" ?([(),]) ?", r"\1", text) or "blob"


def spec_default(value: str, column_type: str) -> Default:
    """A spec's default is a quoted literal, except CURRENT_TIMESTAMP on a timestamp column."""
    if value == "CURRENT_TIMESTAMP" and column_type in _TIMESTAMP_TYPES:
        return Default(value, expression=True)
    return Default(value)


def live_default(text: str | None) -> Default | None:
    """The default that `pragma_table_info` shows, as the spec would have written it.

    A number stays a literal (`default 5` and `default '5'` are the same to a spec), NULL is no
    default, anything else that is not a quoted string is an expression.
    """
    if text is None or text.upper() == "NULL":
        return None
    quote = text[:1]
    if quote in ("'", '"') and len(text) >= 2 and text[-1] == quote:
        inner = text[1:-1]
        if quote not in inner.replace(quote * 2, ""):
            return Default(inner.replace(quote * 2, quote))
    if _NUMBER.match(text):
        return Default(text)
    return Default(text, expression=True)


def normal_on_delete(action: str) -> str:
    """`NO ACTION` is what no action means: the empty string, as in a spec that says nothing."""
    text = " ".join(action.lower().split())
    return "" if text == "no action" else text
