"""Table blocks and seed rows the SQLite and rqlite tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.integration.planning import Query

NOT_NULL_NAME = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}},
    ],
}
ITEMS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "label", "type": "text"},
        {"name": "price", "type": "real"},
        {"name": "raw", "type": "blob"},
    ],
}
PROJECTS = {
    "primaryKey": ["id"],
    "columns": [
        {"name": "id", "type": "integer", "constraints": {"notNull": True}},
        {"name": "name", "type": "text", "constraints": {"notNull": True}, "default": "unnamed"},
        {"name": "stars", "type": "integer"},
        {"name": "owner", "type": "text", "default": "nobody"},
    ],
    "indexes": [{"columns": ["name"]}],
}
REFERENCED = (
    "create table projects (id integer primary key not null, name text, stars text);"
    "create table issues (id integer primary key, project_id integer"
    " references projects (id) on delete cascade);"
    "insert into projects values (1, 'one', '5');"
    "insert into issues values (10, 1);"
)
"""Projects whose stars are text, which a rebuild makes integer, and issues referencing them."""


def seeds(*rows: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> dict[str, Any]:
        return {} if v is None else {"int": v} if isinstance(v, int) else {"str": v}

    return {"rows": [{"columns": [{"column": c, "value": value(v)} for c, v in row.items()]} for row in rows]}


def references(query: Query) -> list[tuple[object, ...]]:
    """The tables that issues' foreign keys reference."""
    return query("select \"table\" from pragma_foreign_key_list('issues')")


def assert_renames_repoint_again(execute: Callable[[str], None], query: Query) -> None:
    """Another client's rename gets SQLite's default (legacy_alter_table off): the driver left it so."""
    execute("alter table projects rename to projects_moved")
    assert references(query) == [("projects_moved",)]
