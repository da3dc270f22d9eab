"""Spec and model builders for the Cassandra driver's offline tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemahero.drivers.cassandra import attrs
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, PrimaryKey, Table

SOURCE = "test: Table users"


def spec(block: dict[str, Any] | None = None, name: str = "users", **extra: Any) -> SpecObject:
    """A Table object, with a `spec.schema.cassandra` block when given one."""
    body: dict[str, Any] = {"name": name, **extra}
    if block is not None:
        body["schema"] = {"cassandra": block}
    return SpecObject("Table", name, body, f"test: Table {name}")


def users(
    *extra: Column, clustering: tuple[tuple[str, str], ...] = (), more: Mapping[str, Any] | None = None
) -> Table:
    """`users (id int, name text, *extra)` keyed by id (then the clustering columns), with `more`
    attrs."""
    columns = (Column("id", "int"), Column("name", "text"), *extra)
    return Table(
        "users",
        columns=columns,
        primary_key=PrimaryKey(("id", *(c for c, _ in clustering))),
        attrs={
            attrs.PARTITION_KEY: ("id",),
            attrs.CLUSTERING: clustering,
            attrs.PROPERTIES: {},
            attrs.SOURCE: SOURCE,
            **(more or {}),
        },
    )
