"""Typed changes: what the diff finds, before any engine renders it as statements."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from schemahero.schema.model import (
    Attrs,
    Column,
    DatabaseObject,
    ForeignKey,
    Index,
    ObjectRef,
    PrimaryKey,
    SeedRow,
    Table,
)


class ColumnChange(enum.Flag):
    NONE = 0
    TYPE = enum.auto()
    NULLABILITY = enum.auto()
    DEFAULT = enum.auto()
    AUTO_INCREMENT = enum.auto()
    ATTRS = enum.auto()


@dataclass(frozen=True)
class AddColumn:
    column: Column


@dataclass(frozen=True)
class DropColumn:
    column: Column


@dataclass(frozen=True)
class ModifyColumn:
    from_: Column
    to: Column
    kind: ColumnChange


@dataclass(frozen=True)
class RenameColumn:
    from_: Column
    to: Column


@dataclass(frozen=True)
class AddIndex:
    index: Index


@dataclass(frozen=True)
class DropIndex:
    index: Index


@dataclass(frozen=True)
class AddForeignKey:
    foreign_key: ForeignKey


@dataclass(frozen=True)
class DropForeignKey:
    foreign_key: ForeignKey


@dataclass(frozen=True)
class ModifyPrimaryKey:
    from_: PrimaryKey | None
    to: PrimaryKey | None


@dataclass(frozen=True)
class ModifyTableAttrs:
    keys: tuple[str, ...]


TableChange = (
    AddColumn
    | DropColumn
    | ModifyColumn
    | RenameColumn
    | AddIndex
    | DropIndex
    | AddForeignKey
    | DropForeignKey
    | ModifyPrimaryKey
    | ModifyTableAttrs
)


@dataclass(frozen=True)
class CreateTable:
    table: Table


@dataclass(frozen=True)
class DropTable:
    table: Table


@dataclass(frozen=True)
class ModifyTable:
    """Changes inside one table, in the order drops, modifications, additions."""

    from_: Table
    to: Table
    changes: tuple[TableChange, ...]


@dataclass(frozen=True)
class RenameTable:
    from_: Table
    to: Table


@dataclass(frozen=True)
class UpsertRows:
    """Seed rows missing from a table (or differing from it), to insert or replace."""

    table: ObjectRef
    rows: tuple[SeedRow, ...]
    primary_key: tuple[str, ...] = ()


@dataclass(frozen=True)
class CreateObject:
    """A view, function, extension or type that does not exist yet."""

    object: DatabaseObject


@dataclass(frozen=True)
class DropObject:
    object: DatabaseObject


@dataclass(frozen=True)
class ReplaceObject:
    from_: DatabaseObject
    to: DatabaseObject


@dataclass(frozen=True)
class ModifyDatabase:
    """The database's own attributes, engine-specific (MySQL: default character set and
    collation): `to` holds only those asked for, as written; the others stay as they are."""

    name: str
    from_: Attrs
    to: Attrs


Change = (
    ModifyDatabase
    | CreateTable
    | DropTable
    | ModifyTable
    | RenameTable
    | UpsertRows
    | CreateObject
    | DropObject
    | ReplaceObject
)


def change_ref(change: Change) -> ObjectRef:
    """The object a change is about."""
    match change:
        case ModifyDatabase(name=name):
            return ObjectRef("database", name)
        case CreateTable(table=t) | DropTable(table=t):
            return t.ref
        case ModifyTable(to=t) | RenameTable(to=t):
            return t.ref
        case UpsertRows(table=ref):
            return ref
        case CreateObject(object=o) | DropObject(object=o):
            return o.ref
        case ReplaceObject(to=o):
            return o.ref
    raise TypeError(change)
