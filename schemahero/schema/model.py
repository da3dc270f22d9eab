"""The engine-neutral object model: what a database holds, inspected or desired.

One model for every engine (as Atlas does): engine-specific facts live in `attrs`, an open
mapping, never in engine fields of the core types. Drivers build these objects both from
specs and from their catalogs, normalised the same way, so that equal means "nothing to do".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Attrs = Mapping[str, Any]


@dataclass(frozen=True)
class ObjectRef:
    """Names one database object: `kind` is table, view, function, extension, type or database."""

    kind: str
    name: str
    schema: str = ""

    def __str__(self) -> str:
        qualified = f"{self.schema}.{self.name}" if self.schema else self.name
        return f"{self.kind} {qualified}"


@dataclass(frozen=True)
class Default:
    """A column default: a literal value (rendered quoted) or an SQL expression (as is)."""

    value: str
    expression: bool = False


@dataclass(frozen=True)
class Column:
    """A column; `previous_names` (desired only) lets the diff plan a rename, not drop and add."""

    name: str
    type: str
    nullable: bool = True
    default: Default | None = None
    auto_increment: bool = False
    attrs: Attrs = field(default_factory=dict)
    previous_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrimaryKey:
    columns: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool = False
    attrs: Attrs = field(default_factory=dict)


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str = ""
    ref_schema: str = ""
    attrs: Attrs = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...] = ()
    primary_key: PrimaryKey | None = None
    indexes: tuple[Index, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    schema: str = ""
    attrs: Attrs = field(default_factory=dict)
    previous_names: tuple[str, ...] = ()

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef("table", self.name, self.schema)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class View:
    name: str
    query: str
    schema: str = ""
    attrs: Attrs = field(default_factory=dict)

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef("view", self.name, self.schema)


@dataclass(frozen=True)
class Function:
    name: str
    body: str
    returns: str
    language: str
    params: tuple[tuple[str, str], ...] = ()
    schema: str = ""
    attrs: Attrs = field(default_factory=dict)

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef("function", self.name, self.schema)


@dataclass(frozen=True)
class Extension:
    name: str
    version: str = ""
    schema: str = ""
    attrs: Attrs = field(default_factory=dict)

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef("extension", self.name, self.schema)


@dataclass(frozen=True)
class DataType:
    """A user-defined type: fields of a composite (Cassandra UDT) or values of an enum."""

    name: str
    fields: tuple[tuple[str, str], ...] = ()
    values: tuple[str, ...] = ()
    schema: str = ""
    attrs: Attrs = field(default_factory=dict)

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef("type", self.name, self.schema)


DatabaseObject = Table | View | Function | Extension | DataType

SeedValue = str | int | None
SeedRow = tuple[tuple[str, SeedValue], ...]
"""A row to upsert: (column, value) pairs in the order the spec gives them."""


@dataclass
class Schema:
    """Objects of one database, each by its ObjectRef."""

    objects: dict[ObjectRef, DatabaseObject] = field(default_factory=dict)

    @classmethod
    def of(cls, objects: Iterable[DatabaseObject]) -> Schema:
        return cls({o.ref: o for o in objects})

    def get(self, ref: ObjectRef) -> DatabaseObject | None:
        return self.objects.get(ref)

    def table(self, ref: ObjectRef) -> Table | None:
        found = self.objects.get(ref)
        return found if isinstance(found, Table) else None

    @property
    def tables(self) -> list[Table]:
        return [o for o in self.objects.values() if isinstance(o, Table)]


@dataclass
class Desired:
    """What the specs ask for, in spec order.

    `objects` are created or brought into shape, `deleted` are dropped when they exist (the
    `isDeleted` flag), and `seeds` are rows that must be present in a table.
    """

    objects: list[DatabaseObject] = field(default_factory=list)
    deleted: list[ObjectRef] = field(default_factory=list)
    seeds: dict[ObjectRef, list[SeedRow]] = field(default_factory=dict)

    @property
    def refs(self) -> list[ObjectRef]:
        """Every object this desired state speaks of, in order; previous names of tables last."""
        previous = [
            ObjectRef("table", name, o.schema)
            for o in self.objects
            if isinstance(o, Table)
            for name in o.previous_names
        ]
        seen: dict[ObjectRef, None] = {}
        for ref in [o.ref for o in self.objects] + self.deleted + list(self.seeds) + previous:
            seen.setdefault(ref, None)
        return list(seen)
