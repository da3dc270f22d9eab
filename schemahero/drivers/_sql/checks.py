"""Pre-flight checks: queries counting the rows a step would fail on, for every SQL engine.

Each builder takes identifiers already quoted by the driver's own quoting helper (a `Name`
carries both spellings: the quoted one for the query, the plain one for people) and returns
a DataCheck whose query yields one integer. The queries use only what PostgreSQL, MySQL,
MariaDB and SQLite all read the same way; where an engine spells a function differently it
passes its own spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemahero.driver_api.types import DataCheck

INTEGER_BITS = {"tinyint": 8, "smallint": 16, "mediumint": 24, "integer": 32, "int": 32, "bigint": 64}
"""Integer types by the bits they hold, as PostgreSQL, MySQL and SQLite's affinity name them."""


def integer_bounds(type_name: str, *, unsigned: bool = False) -> tuple[int, int] | None:
    """The smallest and largest value of an integer type; None for a type not listed."""
    bits = INTEGER_BITS.get(type_name)
    if bits is None:
        return None
    return (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)


@dataclass(frozen=True)
class Name:
    """An identifier as the query writes it (quoted) and as a description names it."""

    sql: str
    text: str


def nulls(table: Name, column: Name) -> DataCheck:
    """Rows a NOT NULL on `column` fails on."""
    sql = f"select count(*) from {table.sql} where {column.sql} is null"
    return DataCheck(f"rows of {table.text} with NULL in {column.text}", sql)


def rows(table: Name, column: Name) -> DataCheck:
    """Rows that get no value for a new NOT NULL column without a default."""
    sql = f"select count(*) from {table.sql}"
    return DataCheck(f"rows of {table.text}, which have no value for the new NOT NULL {column.text}", sql)


def duplicates(table: Name, columns: Sequence[Name], *, where: str = "") -> DataCheck:
    """Rows in groups sharing one value of `columns` (NULLs are distinct: not counted), which
    a new UNIQUE index fails on; `where` limits them to a partial index's rows."""
    present = " and ".join(f"{c.sql} is not null" for c in columns)
    if where:
        present += f" and ({where})"
    sql = (
        f"select coalesce(sum(n), 0) from (select count(*) as n from {table.sql} where {present}"
        f" group by {_list(columns)} having count(*) > 1) as duplicated"
    )
    return DataCheck(f"rows of {table.text} sharing a value of ({_texts(columns)}) with another", sql)


def key_violations(table: Name, columns: Sequence[Name]) -> DataCheck:
    """Rows a new primary key fails on: a NULL in a key column, or a key another row shares."""
    missing = " or ".join(f"{c.sql} is null" for c in columns)
    present = " and ".join(f"{c.sql} is not null" for c in columns)
    sql = (
        f"select (select count(*) from {table.sql} where {missing})"
        f" + (select coalesce(sum(n), 0) from (select count(*) as n from {table.sql} where {present}"
        f" group by {_list(columns)} having count(*) > 1) as duplicated)"
    )
    return DataCheck(f"rows of {table.text} with a NULL or shared key ({_texts(columns)})", sql)


def orphans(table: Name, columns: Sequence[Name], parent: Name, ref_columns: Sequence[Name]) -> DataCheck:
    """Rows a new foreign key fails on: every key column set (MATCH SIMPLE checks no other),
    and no parent row with that key."""
    present = " and ".join(f"child.{c.sql} is not null" for c in columns)
    joined = " and ".join(
        f"parent.{p.sql} = child.{c.sql}" for c, p in zip(columns, ref_columns, strict=True)
    )
    sql = (
        f"select count(*) from {table.sql} as child where {present}"
        f" and not exists (select 1 from {parent.sql} as parent where {joined})"
    )
    return DataCheck(f"rows of {table.text} whose ({_texts(columns)}) has no row in {parent.text}", sql)


def too_long(table: Name, column: Name, length: int) -> DataCheck:
    """Values longer than `length` characters once trailing spaces go (those are cut without
    an error by PostgreSQL and MySQL alike)."""
    sql = f"select count(*) from {table.sql} where char_length(rtrim({column.sql})) > {length:d}"
    return DataCheck(f"rows of {table.text} whose {column.text} is longer than {length} characters", sql)


def out_of_range(table: Name, column: Name, type_name: str, low: int, high: int) -> DataCheck:
    """Values outside [low, high]: those the narrower integer type `type_name` cannot hold."""
    sql = f"select count(*) from {table.sql} where {column.sql} < {low:d} or {column.sql} > {high:d}"
    return DataCheck(f"rows of {table.text} whose {column.text} does not fit in {type_name}", sql)


def _list(columns: Sequence[Name]) -> str:
    return ", ".join(c.sql for c in columns)


def _texts(columns: Sequence[Name]) -> str:
    return ", ".join(c.text for c in columns)
