"""The live model as specs, for `generate`: planning them again changes nothing.

Tables carry every property a spec can name, as the live table has it. A clustering order can
name one descending column in a spec; a table with more than one is exported with the first,
and planning it is then refused (Cassandra cannot change a clustering order).
"""

from __future__ import annotations

from typing import Any

from schemahero.drivers.cassandra import attrs, properties
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import DataType, Schema, Table

ENGINE = "cassandra"


def export(schema: Schema) -> list[SpecObject]:
    """One Table object per table and one DataType per type, by name."""
    types = sorted((o for o in schema.objects.values() if isinstance(o, DataType)), key=lambda t: t.name)
    return [
        *(
            _object("DataType", t.name, {"fields": [{"name": n, "type": f} for n, f in t.fields]})
            for t in types
        ),
        *(_object("Table", t.name, table_block(t)) for t in sorted(schema.tables, key=lambda t: t.name)),
    ]


def _object(kind: str, name: str, block: dict[str, Any]) -> SpecObject:
    return SpecObject(kind, name, {"name": name, "schema": {ENGINE: block}}, f"{ENGINE}: {kind} {name}")


def table_block(table: Table) -> dict[str, Any]:
    partition = list(table.attrs[attrs.PARTITION_KEY])
    clustering = list(table.attrs[attrs.CLUSTERING])
    block: dict[str, Any] = {
        "primaryKey": [partition, [c for c, _ in clustering]] if clustering else [partition],
        "columns": [_column(c.name, c.type, bool(c.attrs.get(attrs.STATIC))) for c in table.columns],
    }
    descending = [c for c, order in clustering if order == "desc"]
    if descending:
        block["clusteringOrder"] = {"column": descending[0], "isDescending": True}
    block["properties"] = properties.to_spec(table.attrs.get(attrs.PROPERTIES, {}))
    return block


def _column(name: str, type_: str, static: bool) -> dict[str, Any]:
    column: dict[str, Any] = {"name": name, "type": type_}
    if static:
        column["isStatic"] = True
    return column
