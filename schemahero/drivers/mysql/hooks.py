"""How MySQL compares a live table with a desired one, so that equal means "nothing to do".

Inherited settings are the source of false diffs: a table without `defaultCharset` has the
database's character set, a column without `charset` has its table's, a primary key column is
NOT NULL whatever the spec says, and a JSON column on MariaDB is a utf8mb4_bin LONGTEXT. The
live model carries what it inherits from (`database_charset`, `inherits`) so that these hooks
stay pure.

Attributes, as `inspect` and `desired` write them:
- table: `charset`, `collation` (desired: as written, only when given; live: as reported,
  with `database_charset` and `database_collation`).
- column: `charset`, `collation` (desired: as written; live: as reported, for character
  types, with `inherits`: both equal the table's), `primary_key` (desired only).
- index: `type` (`fulltext` or `spatial`), `foreign_key` (live only: the index exists for a
  foreign key of the same columns, and is left alone unless the spec names it).
- database (see database.py): `charset`, `collation` (live: as reported; wanted: as the
  connection names them, only when it does).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemahero.diffing import Hooks
from schemahero.drivers.mysql import charsets, column_types, defaults
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Attrs, Column, ForeignKey, Index, Table

_SAME_ACTION = {"": "restrict", "no action": "restrict"}


class MysqlHooks(Hooks):
    def column_change(self, live: Column, desired: Column) -> ColumnChange:
        kind = ColumnChange.NONE
        charset = live.attrs.get("charset")
        if column_types.key(live.type, charset) != column_types.key(desired.type, charset):
            kind |= ColumnChange.TYPE
        if live.nullable != nullable(desired):
            kind |= ColumnChange.NULLABILITY
        if not defaults.same(live.default, desired.default, desired.type):
            kind |= ColumnChange.DEFAULT
        if live.auto_increment != desired.auto_increment:
            kind |= ColumnChange.AUTO_INCREMENT
        if not _same_column_charset(live, desired):
            kind |= ColumnChange.ATTRS
        return kind

    def same_index(self, live: Index, desired: Index) -> bool:
        return (live.columns, live.unique, live.attrs.get("type")) == (
            desired.columns,
            desired.unique,
            desired.attrs.get("type"),
        )

    def same_foreign_key(self, live: ForeignKey, desired: ForeignKey) -> bool:
        return _fk_key(live) == _fk_key(desired)

    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        return () if same_table_charset(live.attrs, desired.attrs) else ("charset", "collation")

    def managed_index(self, index: Index) -> bool:
        return not index.attrs.get("foreign_key")

    def same_database(self, live: Attrs, wanted: Attrs) -> bool:
        return same_named_charset(live, wanted)


def nullable(column: Column) -> bool:
    """Whether a desired column takes NULLs: a primary key column never does."""
    return column.nullable and not column.attrs.get("primary_key")


def same_named_charset(live: Mapping[str, Any], desired: Mapping[str, Any]) -> bool:
    """The `collation` named (it implies its charset), else the `charset`; nothing named: same."""
    if desired.get("collation"):
        return charsets.collation(desired["collation"]) == live.get("collation")
    if desired.get("charset"):
        return charsets.charset(desired["charset"]) == live.get("charset")
    return True


def same_table_charset(live: Mapping[str, Any], desired: Mapping[str, Any]) -> bool:
    """A table's charset: what the spec names, else the database's default."""
    if desired.get("collation") or desired.get("charset"):
        return same_named_charset(live, desired)
    return (live.get("charset"), live.get("collation")) == (
        live.get("database_charset"),
        live.get("database_collation"),
    )


def same_column_charset(live: Mapping[str, Any], desired: Mapping[str, Any]) -> bool:
    """A column's charset: what the spec names, else its table's."""
    if desired.get("collation") or desired.get("charset"):
        return same_named_charset(live, desired)
    return bool(live.get("inherits", True))


def _same_column_charset(live: Column, desired: Column) -> bool:
    if "charset" not in live.attrs or not column_types.has_charset(desired.type):
        return True
    return same_column_charset(live.attrs, desired.attrs)


def _fk_key(fk: ForeignKey) -> tuple[object, ...]:
    action = fk.on_delete.lower()
    return (fk.columns, fk.ref_table, fk.ref_columns, _SAME_ACTION.get(action, action))
