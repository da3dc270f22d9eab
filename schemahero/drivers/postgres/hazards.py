"""What PostgreSQL statements may do besides changing the schema (lock, rewrite, lose, fail)."""

from __future__ import annotations

import re

from schemahero.drivers.postgres import typenames
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import Column, Index

DROP_TABLE = (Hazard(HazardKind.DELETES_DATA, "drops the table and every row in it"),)
DROP_COLUMN = (Hazard(HazardKind.DELETES_DATA, "drops the column and its values"),)
DROP_TYPE = (Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails while a column or function still uses the type"),)
SET_NOT_NULL = (
    Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if the column holds NULLs"),
    Hazard(HazardKind.EXCLUSIVE_LOCK, "scans the whole table under an ACCESS EXCLUSIVE lock"),
)
BACKFILL = (Hazard(HazardKind.CHANGES_DATA, "writes the default into rows that hold NULL"),)
SEED = (Hazard(HazardKind.CHANGES_DATA, "inserts or overwrites a seed row"),)
ADD_PRIMARY_KEY = (
    Hazard(HazardKind.BUILDS_INDEX, "builds the primary key's index over every row"),
    Hazard(HazardKind.EXCLUSIVE_LOCK, "holds an ACCESS EXCLUSIVE lock while the index builds"),
    Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if the key columns hold NULLs or duplicates"),
)
ADD_FOREIGN_KEY = (
    Hazard(HazardKind.EXCLUSIVE_LOCK, "checks every row while blocking writes to both tables"),
    Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if a row references a missing key"),
)

_VOLATILE = re.compile(r"\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|nextval)\s*\(", re.I)
_WIDER_TEXT = ("character varying", "text")
_INTEGERS = ("smallint", "integer", "bigint")
_FIXED_LENGTH = ("character varying", "character")
RENAME_TABLE = (Hazard(HazardKind.RENAMES, "renames the table: clients that use the old name fail"),)
RENAME_COLUMN = (Hazard(HazardKind.RENAMES, "renames the column: clients that use the old name fail"),)


def add_column_hazards(column: Column) -> tuple[Hazard, ...]:
    hazards = []
    if not column.nullable and column.default is None and not typenames.serial_base(column.type):
        hazards.append(
            Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if the table has rows: NOT NULL and no default")
        )
    volatile = (
        column.default is not None and column.default.expression and _VOLATILE.search(column.default.value)
    )
    if volatile or typenames.serial_base(column.type):
        hazards.append(
            Hazard(HazardKind.REWRITES_TABLE, "computes a new value for every row: rewrites the table")
        )
    return tuple(hazards)


def index_hazards(index: Index) -> tuple[Hazard, ...]:
    hazards = [
        Hazard(HazardKind.BUILDS_INDEX, "builds the index over every row"),
        Hazard(HazardKind.EXCLUSIVE_LOCK, "blocks writes to the table while the index builds"),
    ]
    if index.unique:
        hazards.append(Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if the columns hold duplicates"))
    return tuple(hazards)


def type_change_hazards(old: str, new: str) -> tuple[Hazard, ...]:
    """Nothing for a change PostgreSQL makes in the catalog alone (a longer varchar, varchar to
    text); a rewrite under lock otherwise, and lost or refused values when the type narrows."""
    before, after = typenames.canonical(old), typenames.canonical(new)
    if _binary_widening(before, after):
        return ()
    hazards = [
        Hazard(HazardKind.REWRITES_TABLE, f"rewrites every row from {before} to {after}"),
        Hazard(HazardKind.EXCLUSIVE_LOCK, "holds an ACCESS EXCLUSIVE lock during the rewrite"),
    ]
    narrowing = _narrowing(before, after)
    if narrowing:
        hazards.append(Hazard(HazardKind.DELETES_DATA, narrowing))
    hazards.append(Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if a value does not convert to the new type"))
    return tuple(hazards)


def max_length(old: str, new: str) -> int | None:
    """The length strings must fit in when `new` is a shorter character type than `old`."""
    (old_base, old_n), (new_base, new_n) = _split(typenames.canonical(old)), _split(typenames.canonical(new))
    if "[]" in old or "[]" in new or old_base not in (*_WIDER_TEXT, "character"):
        return None
    if new_base in _FIXED_LENGTH and new_n and (not old_n or new_n[0] < old_n[0]):
        return new_n[0]
    return None


def smaller_integer(old: str, new: str) -> str | None:
    """`new` when it is an integer type holding fewer values than the integer type `old`."""
    old_base, new_base = _split(typenames.canonical(old))[0], _split(typenames.canonical(new))[0]
    if (
        old_base in _INTEGERS
        and new_base in _INTEGERS
        and _INTEGERS.index(new_base) < _INTEGERS.index(old_base)
    ):
        return new_base
    return None


def _split(canonical: str) -> tuple[str, tuple[int, ...]]:
    base, _, rest = canonical.partition("(")
    numbers = tuple(int(n) for n in re.findall(r"\d+", rest.partition(")")[0]))
    return base.strip(), numbers


def _binary_widening(before: str, after: str) -> bool:
    (old, old_n), (new, new_n) = _split(before), _split(after)
    if "[]" in before or "[]" in after:
        return False
    if old in _WIDER_TEXT and new in _WIDER_TEXT:
        return new == "text" or not new_n or (bool(old_n) and new_n[0] >= old_n[0])
    if old == new == "numeric":
        return not new_n or (
            len(old_n) == 2 and len(new_n) == 2 and new_n[1] == old_n[1] and new_n[0] >= old_n[0]
        )
    if old == new == "bit varying":
        return not new_n or (bool(old_n) and new_n[0] >= old_n[0])
    return False


def _narrowing(before: str, after: str) -> str:
    (old, old_n), (new, new_n) = _split(before), _split(after)
    if old in _INTEGERS and new in _INTEGERS and _INTEGERS.index(new) < _INTEGERS.index(old):
        return f"{new} holds fewer values than {old}"
    if old == new and new_n and (not old_n or any(n < o for n, o in zip(new_n, old_n, strict=False))):
        return f"{after} is narrower than {before}: longer values or more digits are cut or rounded"
    if old in _WIDER_TEXT and new in ("character varying", "character") and new_n:
        return f"values longer than {new_n[0]} characters do not fit"
    if old == "double precision" and new == "real":
        return "real keeps fewer digits than double precision"
    return ""
