"""Column types: one printed form for what users write and what the server reports.

The printed form is upstream's (`int (11)`, `varchar (255)`, `decimal (10, 2)`, `text`), so
plans read like upstream's. Comparison goes through `key`, which forgets what is only display:
the width of integers (`int (11)`, `int`, `int (10, 0)` are one type) and the length a
`text (n)` was asked with (the server picks the smallest text type that holds n characters).
Only known type names pass: a type is printed into DDL as it is, so nothing else may reach it.
"""

from __future__ import annotations

import re

from schemahero.drivers.mysql.charsets import max_bytes

INTEGER_WIDTHS = {
    "tinyint": (4, 3),
    "smallint": (6, 5),
    "mediumint": (9, 8),
    "int": (11, 10),
    "bigint": (20, 20),
}
"""The display width the server gives each integer type: (signed, unsigned)."""

_ALIASES = {
    "integer": "int",
    "int1": "tinyint",
    "int2": "smallint",
    "int3": "mediumint",
    "middleint": "mediumint",
    "int4": "int",
    "int8": "bigint",
    "dec": "decimal",
    "numeric": "decimal",
    "fixed": "decimal",
    "real": "double",
    "double precision": "double",
    "float8": "double",
    "float4": "float",
    "character": "char",
    "character varying": "varchar",
    "boolean": "bool",
}
TEXTS = {"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295}
BLOBS = {"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295}
CHARACTER_TYPES = frozenset({"char", "varchar", "enum", "set", *TEXTS})
"""Types whose values have a character set."""
_PLAIN = frozenset(
    {"date", "json", "uuid", "inet4", "inet6", "geometry", "point", "linestring", "polygon"}
    | {"multipoint", "multilinestring", "multipolygon", "geometrycollection"}
)
_NUMERIC = frozenset({*INTEGER_WIDTHS, "decimal", "float", "double"})
_TYPE = re.compile(
    r"\s*(?P<name>[a-z][a-z0-9]*(?:\s+(?!(?:unsigned|signed|zerofill)\b)[a-z][a-z0-9]*)?)"
    r"\s*(?:\((?P<args>.*)\))?"
    r"(?P<mods>(?:\s+(?:unsigned|signed|zerofill))*)\s*\Z",
    re.I | re.S,
)
_NUMBERS = re.compile(r"\s*(\d+)\s*(?:,\s*(\d+)\s*)?\Z")
_VALUE = r"'(?:[^'\\]|''|\\.)*'"
_VALUES = re.compile(rf"\s*{_VALUE}\s*(?:,\s*{_VALUE}\s*)*\Z", re.S)


def canonical(text: str) -> str:
    """The printed form of a type; ValueError says why `text` is not a MySQL type."""
    found = _TYPE.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a MySQL column type")
    name = " ".join(found["name"].lower().split())
    name = _ALIASES.get(name, name)
    mods = found["mods"].lower().split()
    if mods and name not in _NUMERIC:
        raise ValueError(f"{' '.join(mods)} applies only to numeric types, not {name}")
    args = found["args"]
    if name in ("enum", "set"):
        return f"{name}({','.join(_enum_values(args, name))})"
    numbers = _numbers(args, name)
    if name in INTEGER_WIDTHS:
        unsigned = bool({"unsigned", "zerofill"} & set(mods))
        width = numbers[0] if len(numbers) == 1 else INTEGER_WIDTHS[name][unsigned]
        return f"{name} ({width})" + _modifiers(mods)
    return _printed(name, numbers) + _modifiers(mods)


def key(printed: str, charset: str | None = None) -> str:
    """What two types must share to hold the same values (`charset`: the column's)."""
    found = _TYPE.match(printed)
    if not found:
        return printed
    name = found["name"]
    numbers = _numbers(found["args"], name) if name not in ("enum", "set") else ()
    mods = found["mods"].split()
    if name in INTEGER_WIDTHS:
        width = f" ({numbers[0]})" if "zerofill" in mods and numbers else ""
        return name + width + _modifiers(mods)
    if name == "text" and numbers:
        return _smallest(TEXTS, numbers[0] * max_bytes(charset or "utf8mb4"))
    return printed


def base(printed: str) -> str:
    """The type's name without its parameters: `varchar (255)` is `varchar`."""
    return re.split(r"[\s(]", printed.strip(), maxsplit=1)[0].lower()


def has_charset(printed: str) -> bool:
    return base(printed) in CHARACTER_TYPES


def _printed(name: str, numbers: tuple[int, ...]) -> str:
    count = len(numbers)
    if name == "bool" and not count:
        return "tinyint (1)"
    if name == "decimal":
        precision, scale = (*numbers, 0)[:2] if count else (10, 0)
        return f"decimal ({precision}, {scale})"
    if name in ("float", "double") and count != 1:
        return f"{name} ({numbers[0]}, {numbers[1]})" if count else name
    if name == "float":
        return "float" if numbers[0] <= 24 else "double"
    if name in ("bit", "char", "binary") and count <= 1:
        return f"{name} ({numbers[0] if count else 1})"
    if name in ("varchar", "varbinary") and count == 1:
        return f"{name} ({numbers[0]})"
    if name in ("varchar", "varbinary"):
        raise ValueError(f"{name} needs a length, as in {name}(255)")
    if name in TEXTS or name in BLOBS:
        return _sized(name, numbers)
    if name in ("time", "datetime", "timestamp") and count <= 1:
        if count and numbers[0] > 6:
            raise ValueError(f"{name} has at most 6 fractional digits, not {numbers[0]}")
        return f"{name} ({numbers[0]})" if count and numbers[0] else name
    if name == "year" and numbers in ((), (4,)):
        return "year"
    if name in _PLAIN and not count:
        return name
    raise ValueError(f"{_described(name, numbers)} is not a MySQL column type")


def _sized(name: str, numbers: tuple[int, ...]) -> str:
    sizes = TEXTS if name in TEXTS else BLOBS
    if not numbers or numbers == (sizes[name],):
        return name
    if name == "text" and len(numbers) == 1:
        return f"text ({numbers[0]})"
    if name == "blob" and len(numbers) == 1:
        return _smallest(BLOBS, numbers[0])
    raise ValueError(f"{_described(name, numbers)}: only text and blob take a length")


def _smallest(sizes: dict[str, int], needed: int) -> str:
    return next((name for name, size in sizes.items() if needed <= size), list(sizes)[-1])


def _numbers(args: str | None, name: str) -> tuple[int, ...]:
    if args is None:
        return ()
    found = _NUMBERS.match(args)
    if not found:
        raise ValueError(f"{name}({args}): parameters must be numbers")
    return tuple(int(n) for n in found.groups() if n is not None)


def _enum_values(args: str | None, name: str) -> list[str]:
    if args is None or not _VALUES.match(args):
        raise ValueError(f"{name} needs quoted values, as in {name}('a','b')")
    values = re.findall(_VALUE, args, re.S)
    return ["'" + _unquoted(v).replace("\\", "\\\\").replace("'", "''") + "'" for v in values]


def _unquoted(value: str) -> str:
    return re.sub(r"''|\\(.)", lambda m: m[1] if m[1] is not None else "'", value[1:-1], flags=re.S)


def _modifiers(mods: list[str]) -> str:
    unsigned = "unsigned" in mods or "zerofill" in mods
    return (" unsigned" if unsigned else "") + (" zerofill" if "zerofill" in mods else "")


def _described(name: str, numbers: tuple[int, ...]) -> str:
    return f"{name} ({', '.join(map(str, numbers))})" if numbers else name


def max_length(old: str, new: str) -> int | None:
    """The length values must fit in when `new` is a shorter CHAR or VARCHAR than `old` (a
    character type: a text type holds longer values than any VARCHAR a row can have)."""
    old_name, new_name = base(old), base(new)
    if old_name not in ("char", "varchar", *TEXTS) or new_name not in ("char", "varchar"):
        return None
    new_length, old_length = _length(new), _length(old)
    if new_length is None or (
        old_length is not None and old_name in ("char", "varchar") and old_length <= new_length
    ):
        return None
    return new_length


def integer_range(printed: str) -> tuple[str, bool] | None:
    """An integer type's name and whether it is unsigned; None for other types."""
    found = _TYPE.match(printed)
    if not found:
        return None
    name = _ALIASES.get(found["name"].lower(), found["name"].lower())
    if name not in INTEGER_WIDTHS:
        return None
    return name, bool({"unsigned", "zerofill"} & set(found["mods"].lower().split()))


def _length(printed: str) -> int | None:
    found = re.search(r"\(\s*(\d+)\s*\)", printed)
    return int(found[1]) if found else None
