"""Column defaults: typed values from specs and from the catalog, compared by what they mean.

A spec's default is a literal, except the current-time functions on time columns. The catalog
prints defaults differently per server: MariaDB as SQL (`'trial'`, `5`, `NULL`,
`current_timestamp()`), MySQL 8.0 as bare text with DEFAULT_GENERATED marking expressions.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from schemahero.drivers.mysql.column_types import base
from schemahero.schema.model import Default

_NOW = re.compile(r"\s*(?:current_timestamp|now|localtime|localtimestamp)\s*(?:\(\s*(\d*)\s*\))?\s*\Z", re.I)
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?\Z", re.I)
_TIME_TYPES = frozenset({"datetime", "timestamp"})
_NUMERIC_TYPES = frozenset(
    {"tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double"}
)
_BOOLEANS = {"true": "1", "false": "0"}


def from_spec(text: str, printed_type: str) -> Default:
    """A spec's `default:` on a column of `printed_type`."""
    kind = base(printed_type)
    now = _NOW.match(text)
    if now and kind in _TIME_TYPES:
        return Default(_now(now[1]), expression=True)
    if kind in _NUMERIC_TYPES and text.strip().lower() in _BOOLEANS:
        return Default(_BOOLEANS[text.strip().lower()])
    return Default(text)


def from_catalog(raw: str | None, extra: str, *, mariadb: bool) -> Default | None:
    """information_schema.COLUMNS.COLUMN_DEFAULT as a Default (None: there is none)."""
    if raw is None:
        return None
    if not mariadb:
        generated = "default_generated" in extra.lower()
        return _expression(raw) if generated else Default(raw)
    if raw == "NULL":
        return None
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        return Default(_unquoted(raw))
    if _NUMBER.match(raw):
        return Default(raw)
    return _expression(raw)


def same(live: Default | None, desired: Default | None, printed_type: str) -> bool:
    """Whether two defaults give a new row the same value."""
    if live is None or desired is None:
        return live is desired
    if live.expression or desired.expression:
        return live.expression == desired.expression and live.value == desired.value
    if base(printed_type) in _NUMERIC_TYPES:
        return _number(live.value) == _number(desired.value)
    return live.value == desired.value


def _expression(raw: str) -> Default:
    now = _NOW.match(raw)
    return Default(_now(now[1]) if now else raw.strip(), expression=True)


def _now(precision: str | None) -> str:
    return f"CURRENT_TIMESTAMP({precision})" if precision and precision != "0" else "CURRENT_TIMESTAMP"


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return text


def _unquoted(quoted: str) -> str:
    escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\x00", "Z": "\x1a", "b": "\b"}
    return re.sub(
        r"''|\\(.)",
        lambda m: escapes.get(m[1], m[1]) if m[1] is not None else "'",
        quoted[1:-1],
        flags=re.S,
    )
