"""Small model builders for the renderer tests: tables as the diff would hand them over."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.drivers.sqlite import attrs
from schemahero.schema.model import Column, Default, Index, PrimaryKey, Table


def users(*extra: Column, indexes: tuple[Index, ...] = (), **fields: Any) -> Table:
    """`users (id integer not null primary key, name text, *extra)`."""
    columns = (Column("id", "integer", nullable=False), Column("name", "text"), *extra)
    return Table(
        "users",
        columns=columns,
        primary_key=PrimaryKey(("id",)),
        indexes=indexes,
        attrs={attrs.STRICT: False, attrs.SPEC_DIGEST: "d" * 64},
        **fields,
    )


@pytest.fixture
def table() -> Table:
    return users()


def text(name: str, *, default: str | None = None, nullable: bool = True) -> Column:
    return Column(name, "text", nullable=nullable, default=Default(default) if default else None)
