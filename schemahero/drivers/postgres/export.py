"""From the model back to specs: what `generate` writes for a live database.

Every object is written with its schema, so that `generate --schema a --schema b` keeps
tables of the same name apart; planning the written specs again finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemahero.drivers.postgres import defaults, typenames
from schemahero.drivers.postgres.names import qualified
from schemahero.drivers.postgres.triggers import Trigger
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import (
    Column,
    DataType,
    Extension,
    ForeignKey,
    Function,
    Index,
    Schema,
    Table,
    View,
)

BUILT_IN_EXTENSIONS = frozenset({"plpgsql"})
"""Extensions every database has: not worth a spec."""


class Exporter:
    """Writes `spec.schema.<engine>` blocks; a flavour adds its own fields."""

    def __init__(self, engine: str) -> None:
        self.engine = engine

    def export(self, schema: Schema) -> list[SpecObject]:
        return list(self._objects(schema))

    def _objects(self, schema: Schema) -> Iterator[SpecObject]:
        for obj in schema.objects.values():
            if isinstance(obj, Table):
                yield SpecObject(
                    "Table", obj.name, {"name": obj.name, "schema": {self.engine: self.table(obj)}}
                )
            elif isinstance(obj, View):
                yield SpecObject(
                    "View", obj.name, {"name": obj.name, "schema": {self.engine: self.view(obj)}}
                )
            elif isinstance(obj, Function):
                yield SpecObject(
                    "Function", obj.name, {"name": obj.name, "schema": {self.engine: _function(obj)}}
                )
            elif isinstance(obj, DataType):
                block = {"schema": obj.schema, "values": list(obj.values)}
                yield SpecObject("DataType", obj.name, {"name": obj.name, "schema": {"postgres": block}})
            elif isinstance(obj, Extension) and obj.name not in BUILT_IN_EXTENSIONS:
                block = {"name": obj.name, "version": obj.version, "schema": obj.attrs.get("schema", "")}
                yield SpecObject("DatabaseExtension", obj.name, {self.engine: block})

    def table(self, table: Table) -> dict[str, Any]:
        key = set(table.primary_key.columns) if table.primary_key else set()
        block: dict[str, Any] = {"schema": table.schema}
        if table.primary_key:
            block["primaryKey"] = list(table.primary_key.columns)
        block["columns"] = [_column(c, c.name in key) for c in table.columns]
        if table.indexes:
            block["indexes"] = [_index(i) for i in table.indexes]
        if table.foreign_keys:
            block["foreignKeys"] = [_foreign_key(fk) for fk in table.foreign_keys]
        if table.attrs.get("triggers"):
            block["triggers"] = [_trigger(t) for t in table.attrs["triggers"]]
        return block

    def view(self, view: View) -> dict[str, Any]:
        return {"schema": view.schema, "query": view.query}


def _column(column: Column, in_primary_key: bool) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": column.name, "type": typenames.spec_spelling(column.type)}
    if not column.nullable and not in_primary_key and not typenames.serial_base(column.type):
        spec["constraints"] = {"notNull": True}
    if column.default is not None:
        text = defaults.to_spec(column.default, column.type)
        boolean = typenames.canonical(column.type) == "boolean" and text in ("true", "false")
        spec["default"] = text == "true" if boolean else text
    if column.auto_increment:
        spec["attributes"] = {"autoIncrement": True}
    return spec


def _index(index: Index) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": index.name, "columns": list(index.columns)}
    if index.unique:
        spec["isUnique"] = True
    if index.attrs.get("method", "btree") != "btree":
        spec["type"] = index.attrs["method"]
    if index.attrs.get("with"):
        spec["with"] = dict(index.attrs["with"])
    if index.attrs.get("where"):
        spec["where"] = index.attrs["where"]
    return spec


def _foreign_key(fk: ForeignKey) -> dict[str, Any]:
    table = f"{fk.ref_schema}.{fk.ref_table}" if fk.ref_schema else fk.ref_table
    spec: dict[str, Any] = {
        "name": fk.name,
        "columns": list(fk.columns),
        "references": {"table": table, "columns": list(fk.ref_columns)},
    }
    if fk.on_delete:
        spec["onDelete"] = fk.on_delete
    return spec


def _trigger(trigger: Trigger) -> dict[str, Any]:
    events = []
    for event in trigger.events:
        columns = (
            ", ".join(f'"{c}"' for c in trigger.columns) if event == "update" and trigger.columns else ""
        )
        events.append(f"{trigger.timing} {event}" + (f" of {columns}" if columns else ""))
    function = qualified(trigger.function, trigger.function_schema, always=False)
    arguments = ", ".join("'" + a.replace("'", "''") + "'" for a in trigger.arguments)
    spec: dict[str, Any] = {
        "name": trigger.name,
        "events": events,
        "executeProcedure": f"{function}({arguments})",
        "forEachRun": trigger.row,
        "forEachStatement": not trigger.row,
    }
    if trigger.constraint:
        spec["constraintTrigger"] = True
    if trigger.condition:
        spec["condition"] = trigger.condition
    return spec


def _function(function: Function) -> dict[str, Any]:
    modes = tuple(function.attrs.get("modes", ())) or ("in",) * len(function.params)
    return {
        "schema": function.schema,
        "lang": function.language,
        "return": function.returns,
        "as": function.body,
        "params": [
            {"name": name, "type": type_, **({"mode": mode.upper()} if mode != "in" else {})}
            for (name, type_), mode in zip(function.params, modes, strict=True)
        ],
    }
