"""Catalog queries: one per object kind for the whole database, whatever the number of tables.

`{tables}` is either empty (every table) or `AND <table column> IN (%s, ...)`, the names bound.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero.drivers.mysql.quoting import QUOTE
from schemahero.schema.model import SeedRow

VERSION = "SELECT VERSION()"

SQL_MODE = "SELECT @@SESSION.sql_mode"

SET_SQL_MODE = "SET SESSION sql_mode = %s"

DATABASE = """
SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()
"""

DEFAULT_COLLATION = """
SELECT COLLATION_NAME FROM information_schema.COLLATIONS
WHERE CHARACTER_SET_NAME = %s AND IS_DEFAULT = 'Yes' ORDER BY COLLATION_NAME LIMIT 1
"""

TABLES = """
SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' {tables}
ORDER BY TABLE_NAME
"""

COLUMNS = """
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
       CHARACTER_SET_NAME, COLLATION_NAME
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() {tables}
ORDER BY TABLE_NAME, ORDINAL_POSITION
"""

INDEXES = """
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() {tables}
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
"""

FOREIGN_KEYS = """
SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
       k.REFERENCED_COLUMN_NAME, r.DELETE_RULE
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL {tables}
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
"""

JSON_CHECKS = """
SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() {tables}
"""
"""MariaDB stores JSON as LONGTEXT with a CHECK (json_valid(`column`)); MySQL has a JSON type."""

GET_LOCK = "SELECT GET_LOCK(%s, 0)"

RELEASE_LOCK = "SELECT RELEASE_LOCK(%s)"


def scoped(query: str, names: Sequence[str] | None, column: str = "TABLE_NAME") -> str:
    """`query` for the tables `names` (all when None)."""
    if names is None:
        return query.format(tables="")
    marks = ", ".join(["%s"] * len(names)) or "NULL"
    return query.format(tables=f"AND {column} IN ({marks})")


def present_rows(
    table: str, rows: Sequence[tuple[int, SeedRow]], text_columns: frozenset[str]
) -> tuple[str, list[object]]:
    """One query giving the positions of the `rows` (position, row) a table already holds.

    The server compares (numbers as numbers, `<=>` so that NULL matches NULL); text compares
    byte for byte, so that a row differing in case or accents is written again.
    """
    parts: list[str] = []
    args: list[object] = []
    for position, row in rows:
        conditions = []
        for column, value in row:
            text = column in text_columns and isinstance(value, str)
            conditions.append(f"{QUOTE.always(column)} <=> " + ("(%s COLLATE utf8mb4_bin)" if text else "%s"))
            args.append(value)
        where = " AND ".join(conditions) or "TRUE"
        parts.append(f"(SELECT {position} FROM {QUOTE.always(table)} WHERE {where} LIMIT 1)")
    return " UNION ALL ".join(parts), args
