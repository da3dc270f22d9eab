"""From the SQL engines' table blocks to the model: names, defaults and seed rows.

The rules here are upstream SchemaHero's, shared by every SQL engine; a driver passes its own
type normalisation and default parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from schemahero.schema import specs
from schemahero.schema.model import Column, Default, ForeignKey, Index, PrimaryKey, SeedRow, Table


def index_name(table: str, columns: tuple[str, ...]) -> str:
    """Upstream's name for an unnamed index: idx_<table>_<columns joined by _>."""
    return "idx_" + "_".join((table, *columns))


def foreign_key_name(table: str, columns: tuple[str, ...]) -> str:
    """Upstream's name for an unnamed foreign key: <table>_<columns>_fkey."""
    return "_".join((table, *columns, "fkey"))


def to_table(
    block: specs.SqlTableSchema,
    name: str,
    *,
    normalize_type: Callable[[str], str],
    parse_default: Callable[[str, str], Default],
    column_attrs: Callable[[Any], Mapping[str, Any]] = lambda _: {},
    index_attrs: Callable[[Any], Mapping[str, Any]] = lambda _: {},
    schema: str = "",
    attrs: Mapping[str, Any] | None = None,
    previous_names: tuple[str, ...] = (),
) -> Table:
    """The model of one SQL table block; `parse_default(text, type)` gives typed defaults."""
    pk = tuple(block.primary_key)
    columns = tuple(
        Column(
            name=c.name,
            type=normalize_type(c.type),
            nullable=not ((c.constraints and c.constraints.not_null) or False),
            default=parse_default(c.default, normalize_type(c.type)) if c.default is not None else None,
            auto_increment=bool(c.attributes and c.attributes.auto_increment),
            attrs=dict(column_attrs(c)),
            previous_names=tuple(c.previous_names),
        )
        for c in block.columns
    )
    indexes = tuple(
        Index(
            name=i.name or index_name(name, tuple(i.columns)),
            columns=tuple(i.columns),
            unique=i.is_unique,
            attrs=dict(index_attrs(i)),
        )
        for i in block.indexes
    )
    foreign_keys = tuple(
        ForeignKey(
            name=fk.name or foreign_key_name(name, tuple(fk.columns)),
            columns=tuple(fk.columns),
            ref_table=fk.references.table,
            ref_columns=tuple(fk.references.columns),
            on_delete=(fk.on_delete or "").lower(),
        )
        for fk in block.foreign_keys
    )
    return Table(
        name=name,
        columns=columns,
        primary_key=PrimaryKey(pk) if pk else None,
        indexes=indexes,
        foreign_keys=foreign_keys,
        schema=schema,
        attrs=dict(attrs or {}),
        previous_names=previous_names,
    )


def seed_rows(seed: specs.SeedData | None) -> list[SeedRow]:
    """Seed rows as (column, value) pairs; a value with neither str nor int is NULL."""
    if seed is None:
        return []
    return [
        tuple((c.column, c.value.str_ if c.value.str_ is not None else c.value.int_) for c in row.columns)
        for row in seed.rows
    ]
