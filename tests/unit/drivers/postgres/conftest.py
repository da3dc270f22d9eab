"""Model builders for the renderer tests: tables as the diff would hand them over."""

from __future__ import annotations

from typing import Any

from schemahero.drivers.postgres.engine import PostgresEngine
from schemahero.drivers.timescaledb.engine import TimescaleEngine
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, Default, Table


def users(*extra: Column, **fields: Any) -> Table:
    """`users (id integer primary key, name text, *extra)` as the live catalog gives it."""
    columns = (Column("id", "integer", nullable=False), Column("name", "text"), *extra)
    return Table("users", columns=columns, **{"attrs": {"triggers": ()}, **fields})


def literal(value: str) -> Default:
    return Default(value)


def spec(name: str, block: dict[str, Any], engine: str = "postgres", **extra: Any) -> SpecObject:
    return SpecObject(
        "Table", name, {"name": name, "schema": {engine: block}, **extra}, f"test: Table {name}"
    )


POSTGRES = PostgresEngine()
TIMESCALE = TimescaleEngine()
