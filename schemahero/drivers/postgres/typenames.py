"""Column types: upstream's spelling for plans, and one canonical form for comparing.

Specs say `int`, `varchar(255)` or `timestamptz`; the catalog (format_type) says `integer`,
`character varying(255)` and `timestamp with time zone`. Plans print upstream's unaliased
spelling (`character varying (255)`); comparisons use the catalog's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_DISPLAY_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "serial4": "serial",
    "serial8": "bigserial",
    "serial2": "smallserial",
    "bool": "boolean",
    "float4": "real",
    "float8": "double precision",
    "decimal": "numeric",
    "varchar": "character varying",
    "char": "character",
    "varbit": "bit varying",
    "timestamptz": "timestamp with time zone",
    "timetz": "time with time zone",
}
"""Upstream's unaliasing: what plans print for a spec's type name."""

_CANONICAL = {
    "integer": "integer",
    "bigint": "bigint",
    "smallint": "smallint",
    "serial": "serial",
    "bigserial": "bigserial",
    "smallserial": "smallserial",
    "boolean": "boolean",
    "real": "real",
    "double precision": "double precision",
    "numeric": "numeric",
    "character varying": "character varying",
    "character": "character",
    "bit varying": "bit varying",
}

SERIALS = {"serial": "integer", "bigserial": "bigint", "smallserial": "smallint"}
"""Each serial pseudo-type and the integer type its column really has."""

_ARRAY = re.compile(r"(?:\s*\[\s*\d*\s*\])+\Z|\s+array\Z", re.IGNORECASE)


@dataclass(frozen=True)
class TypeName:
    """A type split into its parts: `timestamp(3) with time zone[]`."""

    base: str
    params: tuple[str, ...]
    rest: str
    array: int


@functools.cache
def parse(text: str) -> TypeName | None:
    """The parts of a type, or None for what this simple grammar cannot read."""
    text = " ".join(text.split())
    array = _ARRAY.search(text)
    dims = 0
    if array:
        dims = array.group(0).count("[") or 1
        text = text[: array.start()]
    if "(" not in text:
        return TypeName(text.strip(), (), "", dims) if text.strip() else None
    base, _, tail = text.partition("(")
    inside, close, rest = tail.partition(")")
    if not close or "(" in inside or "(" in rest or ")" in rest or not base.strip():
        return None
    params = tuple(p.strip() for p in inside.split(","))
    return TypeName(base.strip(), params, rest.strip(), dims)


@functools.cache
def display(text: str) -> str:
    """Upstream's spelling of a spec type: aliases unaliased, parameters as ` (10, 2)`."""
    parts = parse(text)
    if parts is None or parts.base.lower() not in _DISPLAY_ALIASES:
        return text.strip()
    base = _DISPLAY_ALIASES[parts.base.lower()]
    zone = ""
    if base.endswith(" with time zone"):
        base, zone = base.removesuffix(" with time zone"), " with time zone"
    params = f" ({', '.join(parts.params)})" if parts.params else ""
    rest = f" {parts.rest}" if parts.rest else ""
    return f"{base}{params}{zone}{rest}" + "[]" * parts.array


@functools.cache
def canonical(text: str) -> str:
    """The form PostgreSQL's format_type() prints for `text`, for comparing two types."""
    parts = parse(_lower_unquoted(text))
    if parts is None:
        return " ".join(_lower_unquoted(text).split())
    base, params, rest = parts.base, parts.params, parts.rest
    base = _DISPLAY_ALIASES.get(base, base)
    if base in ("timestamp", "time") or base.startswith(_ZONED):
        return _datetime(base, params, rest) + "[]" * parts.array
    if base == "float":
        base = "real" if params and params[0].isdigit() and int(params[0]) <= 24 else "double precision"
        params = ()
    base = _CANONICAL.get(base, base)
    if base in ("character", "bit") and not params:
        params = ("1",)
    joined = f"({','.join(params)})" if params else ""
    return f"{base}{joined}{' ' + rest if rest else ''}" + "[]" * parts.array


_ZONED = ("timestamp with", "timestamp without", "time with", "time without")


def _datetime(base: str, params: tuple[str, ...], rest: str) -> str:
    zoned = base.endswith("with time zone") or rest == "with time zone"
    name = "timestamp" if base.startswith("timestamp") else "time"
    precision = f"({params[0]})" if params else ""
    return f"{name}{precision} {'with' if zoned else 'without'} time zone"


def _lower_unquoted(text: str) -> str:
    """Lower case outside double quotes: quoted type names keep their case."""
    pieces = text.split('"')
    return '"'.join(p if i % 2 else p.lower() for i, p in enumerate(pieces))


def serial_base(text: str) -> str | None:
    """The integer type of a serial pseudo-type (`serial` -> `integer`), else None."""
    return SERIALS.get(canonical(text))


def is_string(text: str) -> bool:
    """Whether values of the type are text (for how a default reads back)."""
    base = canonical(text).split("(")[0]
    return base in ("text", "character varying", "character", "citext", "name")


_SPEC_SPELLINGS = (
    (re.compile(r"\Atimestamp(\(\d+\))? without time zone"), r"timestamp\1"),
    (re.compile(r"\Atime(\(\d+\))? without time zone"), r"time\1"),
    (re.compile(r"\Atimestamp(\(\d+\))? with time zone"), r"timestamptz\1"),
    (re.compile(r"\Acharacter varying"), "varchar"),
    (re.compile(r"\Acharacter(?=\(|\[|\Z)"), "char"),
)


def spec_spelling(catalog: str) -> str:
    """How a spec writes a type the catalog prints (`character varying(255)` -> `varchar(255)`)."""
    for pattern, spelling in _SPEC_SPELLINGS:
        catalog = pattern.sub(spelling, catalog)
    return catalog
