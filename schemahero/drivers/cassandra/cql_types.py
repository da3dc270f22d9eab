"""CQL column types: what a spec may write, and the one spelling both sides compare in.

A type is printed into statements as the spec writes it, so it must read as a type and nothing
else: a name, with type arguments in angle brackets for the collections, tuples and vectors.
Cassandra reports types lowercase, `varchar` as `text`, a tuple frozen, with `, ` between
arguments; `normalize` spells a spec's type the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NATIVE_LIST = """
    ascii bigint blob boolean counter date decimal double duration float inet int smallint text
    time timestamp timeuuid tinyint uuid varchar varint
"""
NATIVE = frozenset(_NATIVE_LIST.split())
"""CQL's native types; any other plain name is a user-defined type."""

_ARITY = {"list": 1, "set": 1, "frozen": 1, "map": 2}
_PARAMETRIC = frozenset({*_ARITY, "tuple", "vector"})
_TOKEN = re.compile(r"\s*(?:([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)|(\d+)|([<>,]))")


@dataclass(frozen=True)
class CqlType:
    name: str
    args: tuple[CqlType | int, ...] = ()

    def __str__(self) -> str:
        if not self.args:
            return self.name
        return f"{self.name}<{', '.join(str(a) for a in self.args)}>"


class TypeSyntaxError(ValueError):
    pass


def parse(text: str) -> CqlType:
    """The type `text` writes; TypeSyntaxError says what is wrong with it."""
    tokens = _tokens(text)
    parsed, rest = _type(tokens)
    if rest:
        raise TypeSyntaxError(f"unexpected {rest[0]!r} after the type {str(parsed)!r}")
    return parsed


def normalize(text: str) -> str:
    """The type as Cassandra reports it (text unchanged when it does not parse)."""
    try:
        return str(_normal(parse(text), frozen=False))
    except TypeSyntaxError:
        return " ".join(text.lower().split())


def fits_primary_key(text: str) -> bool:
    """Whether a key column may have this type: collections and user types only when frozen."""
    parsed = _normal(parse(text), frozen=False)
    return parsed.name in NATIVE - {"counter", "duration"} or parsed.name in ("frozen", "vector")


def _normal(parsed: CqlType, *, frozen: bool) -> CqlType:
    name = "text" if parsed.name == "varchar" else parsed.name
    inner = frozen or name == "frozen"
    args = tuple(a if isinstance(a, int) else _normal(a, frozen=inner) for a in parsed.args)
    normal = CqlType(name, args)
    return normal if name != "tuple" or frozen else CqlType("frozen", (normal,))


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while text[position:].strip():
        token = _TOKEN.match(text, position)
        if token is None:
            raise TypeSyntaxError(f"{text[position:].strip()[:20]!r} cannot be part of a CQL type")
        tokens.append(token.group(token.lastindex or 0))
        position = token.end()
    if not tokens:
        raise TypeSyntaxError("no type given")
    return tokens


def _type(tokens: list[str]) -> tuple[CqlType, list[str]]:
    if not tokens or not re.match(r"[A-Za-z]", tokens[0]):
        raise TypeSyntaxError(f"expected a type name, not {tokens[0]!r}" if tokens else "expected a type")
    name, rest = tokens[0].lower(), tokens[1:]
    if name not in _PARAMETRIC:
        return CqlType(name), rest
    if not rest or rest[0] != "<":
        raise TypeSyntaxError(f"{name} takes its types in angle brackets: {name}<...>")
    args: list[CqlType | int] = []
    rest = rest[1:]
    while True:
        if name == "vector" and len(args) == 1:
            if not rest or not rest[0].isdigit():
                raise TypeSyntaxError("a vector's second argument is its dimension, a number")
            args.append(int(rest[0]))
            rest = rest[1:]
        else:
            arg, rest = _type(rest)
            args.append(arg)
        if not rest:
            raise TypeSyntaxError(f"{name}<...> is not closed with '>'")
        if rest[0] == ">":
            break
        if rest[0] != ",":
            raise TypeSyntaxError(f"expected ',' or '>' in {name}<...>, not {rest[0]!r}")
        rest = rest[1:]
    expected = _ARITY.get(name, 2 if name == "vector" else len(args))
    if len(args) != expected:
        raise TypeSyntaxError(f"{name} takes {expected} type argument(s), not {len(args)}")
    return CqlType(name, tuple(args)), rest[1:]
