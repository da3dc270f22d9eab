"""The name of a rebuild's temporary table: `<table>_<sha256 hex>`, as upstream names it.

Upstream hashes Go's encoding/json of the v1alpha4 SQLite table block (its struct field order,
`omitempty` fields left out when empty, unnamed indexes already given their default names).
Reproducing those bytes keeps plans identical to upstream's, so that a Migration planned by
either shows the same statements.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from schemahero.schema import specs
from schemahero.schema.model import Table
from schemahero.schema.sql_tables import index_name

_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def spec_digest(block: specs.SqliteTableSchema, table: str) -> str:
    """sha256 hex of the block as upstream marshals it."""
    return _sha256(go_json(_upstream_shape(block, table)))


def model_digest(table: Table) -> str:
    """For a table that comes from no spec: sha256 hex of its model, deterministic."""
    return _sha256(json.dumps(dataclasses.asdict(table), sort_keys=True, default=str))


def go_json(value: Any) -> str:
    """Compact JSON as Go's encoding/json writes it: UTF-8, with <, >, & and U+2028/9 escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return "".join(_GO_ESCAPES.get(ch, ch) for ch in text)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _upstream_shape(block: specs.SqliteTableSchema, table: str) -> dict[str, Any]:
    shape: dict[str, Any] = {}
    if block.primary_key:
        shape["primaryKey"] = block.primary_key
    if block.foreign_keys:
        shape["foreignKeys"] = [_foreign_key(fk) for fk in block.foreign_keys]
    if block.indexes:
        shape["indexes"] = [_index(i, table) for i in block.indexes]
    if block.columns:
        shape["columns"] = [_column(c) for c in block.columns]
    if block.is_deleted:
        shape["isDeleted"] = True
    if block.strict:
        shape["strict"] = True
    return shape


def _foreign_key(fk: specs.SqlForeignKey) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "columns": fk.columns,
        "references": {"table": fk.references.table, "columns": fk.references.columns},
    }
    if fk.on_delete:
        shape["onDelete"] = fk.on_delete
    if fk.name:
        shape["name"] = fk.name
    return shape


def _index(index: specs.SqlIndex, table: str) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "columns": index.columns,
        "name": index.name or index_name(table, tuple(index.columns)),
    }
    if index.is_unique:
        shape["isUnique"] = True
    if index.type:
        shape["type"] = index.type
    return shape


def _column(column: specs.SqlColumn) -> dict[str, Any]:
    shape: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.constraints is not None:
        not_null = column.constraints.not_null
        shape["constraints"] = {} if not_null is None else {"notNull": not_null}
    if column.attributes is not None:
        auto = column.attributes.auto_increment
        shape["attributes"] = {} if auto is None else {"autoIncrement": auto}
    if column.default is not None:
        shape["default"] = column.default
    return shape
