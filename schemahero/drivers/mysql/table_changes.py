"""What one table's changes need from MySQL, decided before any statement is written.

MySQL refuses some orders that a diff may list: an AUTO_INCREMENT column must always be in a
key, a table must keep one column, an index that a foreign key uses cannot go before the key.
And CONVERT TO CHARACTER SET changes more than the table's default: every character column
takes the new character set, and text columns grow to keep their length in characters. These
functions find what must move or be set again; plan.py writes the statements.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from schemahero.diffing import with_renamed_columns
from schemahero.drivers.mysql import charsets, column_types
from schemahero.drivers.mysql.hooks import same_column_charset
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    ColumnChange,
    DropColumn,
    DropForeignKey,
    DropIndex,
    ModifyColumn,
    ModifyPrimaryKey,
    ModifyTable,
    ModifyTableAttrs,
    RenameColumn,
)
from schemahero.schema.model import Column, ForeignKey, Index, Table


@dataclass
class TableChanges:
    """The changes inside one table, by what they do."""

    live: Table
    """The live table as its column renames leave it."""
    table: Table
    renamed: dict[str, str] = field(default_factory=dict)
    converted: bool = False
    key: ModifyPrimaryKey | None = None
    dropped_fks: list[ForeignKey] = field(default_factory=list)
    added_fks: list[ForeignKey] = field(default_factory=list)
    dropped_indexes: list[Index] = field(default_factory=list)
    added_indexes: list[Index] = field(default_factory=list)
    dropped: list[Column] = field(default_factory=list)
    modified: dict[str, ModifyColumn] = field(default_factory=dict)
    added: list[Column] = field(default_factory=list)

    @classmethod
    def of(cls, change: ModifyTable) -> TableChanges:
        renamed = {c.from_.name: c.to.name for c in change.changes if isinstance(c, RenameColumn)}
        parts = cls(with_renamed_columns(change.from_, renamed), change.to, renamed)
        for c in change.changes:
            match c:
                case ModifyTableAttrs():
                    parts.converted = True
                case ModifyPrimaryKey():
                    parts.key = c
                case DropForeignKey(foreign_key=fk):
                    parts.dropped_fks.append(fk)
                case AddForeignKey(foreign_key=fk):
                    parts.added_fks.append(fk)
                case DropIndex(index=index):
                    parts.dropped_indexes.append(index)
                case AddIndex(index=index):
                    parts.added_indexes.append(index)
                case DropColumn(column=column):
                    parts.dropped.append(column)
                case ModifyColumn():
                    parts.modified[c.to.name] = c
                case AddColumn(column=column):
                    parts.added.append(column)
        return parts


def auto_increment_moves(parts: TableChanges) -> tuple[list[ModifyColumn], list[ModifyColumn]]:
    """An AUTO_INCREMENT column must stay in a key: it loses AUTO_INCREMENT before its
    primary key is dropped, and gains it once the new one exists (taken out of `parts`)."""
    live_auto = {c.name for c in parts.live.columns if c.auto_increment}
    wanted_auto = {c.name for c in parts.table.columns if c.auto_increment}
    losing: list[ModifyColumn] = []
    if parts.key and parts.key.from_ is not None:
        for column in parts.live.columns:
            if column.name in live_auto - wanted_auto:
                plain = dataclasses.replace(column, auto_increment=False)
                losing.append(ModifyColumn(column, plain, ColumnChange.AUTO_INCREMENT))
                modify = parts.modified.get(column.name)
                if modify is not None and modify.kind == ColumnChange.AUTO_INCREMENT:
                    del parts.modified[column.name]
    gaining: list[ModifyColumn] = []
    for i, column in enumerate(parts.added):
        if column.name in wanted_auto:
            parts.added[i] = dataclasses.replace(column, auto_increment=False)
            gaining.append(ModifyColumn(parts.added[i], column, ColumnChange.AUTO_INCREMENT))
    for name in sorted(wanted_auto - live_auto):
        modify = parts.modified.pop(name, None)
        if modify is not None:
            plain = dataclasses.replace(modify.to, auto_increment=False)
            if modify.kind != ColumnChange.AUTO_INCREMENT:
                parts.modified[name] = ModifyColumn(
                    modify.from_, plain, modify.kind & ~ColumnChange.AUTO_INCREMENT
                )
            gaining.append(ModifyColumn(plain, modify.to, ColumnChange.AUTO_INCREMENT))
    return losing, gaining


def moves_key_at_once(parts: TableChanges) -> bool:
    """A column that keeps AUTO_INCREMENT lets its primary key be replaced in one statement only."""
    kept = {c.name for c in parts.live.columns if c.auto_increment} & {
        c.name for c in parts.table.columns if c.auto_increment
    }
    return bool(kept) and parts.key is not None and parts.key.from_ is not None and parts.key.to is not None


def table_charset(live: Table, table: Table) -> tuple[str, str]:
    """The (charset, collation) a table is converted to, as the spec writes them."""
    charset, collation = table.attrs.get("charset", ""), table.attrs.get("collation", "")
    if not charset and not collation:
        return live.attrs["database_charset"], live.attrs["database_collation"]
    return charset or charsets.charset_of(collation), collation


def set_again_after_convert(live: Table, table: Table, modified: set[str]) -> Iterator[Column]:
    """Columns CONVERT TO changed beyond what the spec asks, to be set again: those with a
    character set of their own, and text columns it made larger (it keeps their length in
    characters, so TEXT in latin1 becomes MEDIUMTEXT in utf8mb4)."""
    charset, collation = table_charset(live, table)
    after = {"charset": charsets.charset(charset), "collation": charsets.collation(collation)}
    for column in table.columns:
        current = live.column(column.name)
        if current is None or column.name in modified or not column_types.has_charset(column.type):
            continue
        own = column.attrs.get("charset") or column.attrs.get("collation")
        if (own and not same_column_charset(after, column.attrs)) or _grows(current, after["charset"]):
            yield column


def _grows(column: Column, charset: str) -> bool:
    was = str(column.attrs.get("charset") or "")
    longer = column_types.base(column.type) in ("tinytext", "text", "mediumtext")
    return longer and bool(was) and charsets.max_bytes(charset) > charsets.max_bytes(was)


def indexes_made_for(dropped: list[ForeignKey], live: Table, table: Table) -> Iterator[Index]:
    """Indexes MySQL made for dropped foreign keys that nothing else needs."""
    gone = {fk.columns for fk in dropped}
    kept = {fk.columns for fk in table.foreign_keys}
    named = {index.name for index in table.indexes}
    for index in live.indexes:
        if index.attrs.get("foreign_key") and index.columns in gone - kept and index.name not in named:
            yield index
