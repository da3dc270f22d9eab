"""The live model as MySQL table specs, for `generate`: planning them again changes nothing.

What a table inherits is left out: the database's character set, a column's table character
set, and the indexes MySQL made for foreign keys.
"""

from __future__ import annotations

from typing import Any

from schemahero.drivers.mysql.desired import BLOCK
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, ForeignKey, Index, Schema, Table


def export(schema: Schema) -> list[SpecObject]:
    """One Table object per table, by name; `database` is left for the caller to fill."""
    return [
        SpecObject(
            "Table",
            table.name,
            {"name": table.name, "schema": {BLOCK: table_block(table)}},
            f"{BLOCK}: Table {table.name}",
        )
        for table in sorted(schema.tables, key=lambda t: t.name)
    ]


def table_block(table: Table) -> dict[str, Any]:
    block: dict[str, Any] = {}
    attrs = table.attrs
    inherited = (attrs.get("database_charset"), attrs.get("database_collation"))
    if (attrs.get("charset"), attrs.get("collation")) != inherited:
        block["defaultCharset"] = attrs["charset"]
        block["collation"] = attrs["collation"]
    if table.primary_key:
        block["primaryKey"] = list(table.primary_key.columns)
    block["columns"] = [_column(c) for c in table.columns]
    indexes = [_index(i) for i in table.indexes if not i.attrs.get("foreign_key")]
    if indexes:
        block["indexes"] = indexes
    if table.foreign_keys:
        block["foreignKeys"] = [_foreign_key(fk) for fk in table.foreign_keys]
    return block


def _column(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.attrs.get("charset") and not column.attrs.get("inherits") and column.type != "json":
        spec["charset"] = column.attrs["charset"]
        spec["collation"] = column.attrs["collation"]
    if not column.nullable:
        spec["constraints"] = {"notNull": True}
    if column.auto_increment:
        spec["attributes"] = {"autoIncrement": True}
    if column.default is not None:
        spec["default"] = column.default.value
    return spec


def _index(index: Index) -> dict[str, Any]:
    spec: dict[str, Any] = {"columns": list(index.columns), "name": index.name}
    if index.unique:
        spec["isUnique"] = True
    if index.attrs.get("type"):
        spec["type"] = index.attrs["type"]
    return spec


def _foreign_key(fk: ForeignKey) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "columns": list(fk.columns),
        "references": {"table": fk.ref_table, "columns": list(fk.ref_columns)},
        "name": fk.name,
    }
    if fk.on_delete and fk.on_delete not in ("restrict", "no action"):
        spec["onDelete"] = fk.on_delete
    return spec
