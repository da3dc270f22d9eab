"""The safety tests run one scenario on every SQL engine; a dialect holds what differs: types,
quoting, and the catalog queries that show a refused apply changed nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from schemahero.schema.documents import SpecObject
from tests.integration import planning
from tests.integration.planning import Query


@dataclass(frozen=True)
class Dialect:
    engine: str
    integer: str
    text: str
    """A text type that can be indexed."""
    quote: str
    rename_table: str
    """The statement that renames table people to users."""
    catalog: tuple[str, ...]
    """Queries whose rows describe every table, column, index and constraint of the database."""

    def q(self, name: str) -> str:
        return f"{self.quote}{name}{self.quote}"

    @property
    def id(self) -> dict[str, Any]:
        return {"name": "id", "type": self.integer, "constraints": {"notNull": True}}

    def table(self, name: str, *columns: dict[str, Any], **spec: Any) -> SpecObject:
        """A table keyed by `id`, with these other columns."""
        block = {"primaryKey": ["id"], "columns": [self.id, *columns], **spec.pop("block", {})}
        return planning.table(name, block, engine=self.engine, **spec)

    def described(self, query: Query) -> list[list[tuple[Any, ...]]]:
        return [query(sql) for sql in self.catalog]


def _information_schema(here: str, *more: str) -> tuple[str, ...]:
    where = f"where table_schema = {here}"
    return (
        "select table_name, column_name, data_type, character_maximum_length, is_nullable "
        f"from information_schema.columns {where} order by 1, 2",
        f"select table_name, constraint_name, constraint_type from information_schema.table_constraints "
        f"{where} order by 1, 2",
        *more,
    )


SQLITE_CATALOG = ("select type, name, tbl_name, sql from sqlite_master order by name",)

DIALECTS = {
    "postgres": Dialect(
        "postgres",
        "integer",
        "text",
        '"',
        'alter table "people" rename to "users"',
        _information_schema(
            "current_schema()",
            "select indexdef from pg_indexes where schemaname = current_schema() order by 1",
        ),
    ),
    "mysql": Dialect(
        "mysql",
        "int",
        "varchar(50)",
        "`",
        "rename table `people` to `users`",
        _information_schema(
            "database()",
            "select table_name, index_name, column_name, non_unique from information_schema.statistics "
            "where table_schema = database() order by 1, 2, 3",
        ),
    ),
    "sqlite": Dialect(
        "sqlite", "integer", "text", '"', 'alter table "people" rename to "users"', SQLITE_CATALOG
    ),
    "rqlite": Dialect(
        "rqlite", "integer", "text", '"', 'alter table "people" rename to "users"', SQLITE_CATALOG
    ),
}
DIALECTS["timescaledb"] = replace(DIALECTS["postgres"], engine="timescaledb")
"""A flavour of postgres, on the same server."""


def engines(*names: str) -> pytest.MarkDecorator:
    """Run a test on these engines (default: every SQL engine)."""
    return pytest.mark.parametrize("engine", names or ("postgres", "mysql", "sqlite", "rqlite"))


@pytest.fixture
def dialect(engine: str) -> Dialect:
    return DIALECTS[engine]
