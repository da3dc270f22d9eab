"""The live model as SQLite table specs, for `generate`: planning them again changes nothing.

Two things specs cannot say are left out or approximated: partial and expression indexes are
not exported, and a UNIQUE constraint becomes a unique index (the first plan then rebuilds the
table once to turn the constraint into that index, as upstream does).
"""

from __future__ import annotations

from typing import Any

from schemahero.drivers.sqlite import attrs
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, ForeignKey, Index, Schema, Table


def export(schema: Schema, engine: str) -> list[SpecObject]:
    """One Table object per table, by name; `database` is left for the caller to fill."""
    return [
        SpecObject(
            "Table",
            table.name,
            {"name": table.name, "schema": {engine: table_block(table)}},
            f"{engine}: Table {table.name}",
        )
        for table in sorted(schema.tables, key=lambda t: t.name)
    ]


def table_block(table: Table) -> dict[str, Any]:
    block: dict[str, Any] = {}
    if table.primary_key:
        block["primaryKey"] = list(table.primary_key.columns)
    block["columns"] = [_column(c) for c in table.columns]
    indexes = [_index(i) for i in table.indexes if _describable(i)]
    if indexes:
        block["indexes"] = indexes
    if table.foreign_keys:
        block["foreignKeys"] = [_foreign_key(fk) for fk in table.foreign_keys]
    if table.attrs.get(attrs.STRICT):
        block["strict"] = True
    return block


def _column(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": column.name, "type": column.type}
    if not column.nullable:
        spec["constraints"] = {"notNull": True}
    if column.auto_increment:
        spec["attributes"] = {"autoIncrement": True}
    if column.default is not None:
        spec["default"] = column.default.value
    return spec


def _describable(index: Index) -> bool:
    return not (index.attrs.get(attrs.PARTIAL) or index.attrs.get(attrs.EXPRESSION))


def _index(index: Index) -> dict[str, Any]:
    spec: dict[str, Any] = {"columns": list(index.columns)}
    if not index.attrs.get(attrs.CONSTRAINT):
        spec["name"] = index.name
    if index.unique:
        spec["isUnique"] = True
    return spec


def _foreign_key(fk: ForeignKey) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "columns": list(fk.columns),
        "references": {"table": fk.ref_table, "columns": list(fk.ref_columns)},
        "name": fk.name,
    }
    if fk.on_delete:
        spec["onDelete"] = fk.on_delete
    return spec
