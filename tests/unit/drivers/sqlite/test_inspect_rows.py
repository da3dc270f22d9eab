"""The model built from catalog rows alone, as any transport would return them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from schemahero.drivers.sqlite import attrs, queries
from schemahero.drivers.sqlite.inspect import (
    Catalog,
    build_schema,
    present_rows,
    read_catalog,
    seed_query,
)
from schemahero.schema.model import Column, Default, ForeignKey, Index, ObjectRef, PrimaryKey, SeedRow

CATALOG = Catalog(
    tables=[
        ("projects", 0, 'CREATE TABLE projects (id integer primary key, "name" text unique)'),
        (
            "issues",
            1,
            "CREATE TABLE issues (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id integer"
            " constraint issues_project references projects, owner text references users)"
            " STRICT",
        ),
    ],
    columns=[
        ("issues", "id", "INTEGER", 0, None, 1),
        ("issues", "project_id", "integer", 0, None, 0),
        ("issues", "owner", "text", 1, "'nobody'", 0),
        ("projects", "id", "integer", 0, None, 1),
        ("projects", "name", "text", 0, None, 0),
    ],
    indexes=[
        ("projects", "by_len", 0, "c", 0, "create index by_len on projects (length(name))", None),
        ("projects", "named", 0, "c", 1, "create index named on projects (name) where 1", "name"),
        ("projects", "plain", 1, "c", 0, "create unique index plain on projects (id)", "id"),
        ("projects", "sqlite_autoindex_projects_1", 1, "u", 0, None, "name"),
        ("projects", "sqlite_autoindex_projects_2", 1, "pk", 0, None, "id"),
    ],
    foreign_keys=[
        ("issues", 1, "projects", "project_id", None, "NO ACTION"),
        ("issues", 0, "users", "owner", "login", "CASCADE"),
    ],
)


def test_tables_columns_keys_and_attrs() -> None:
    schema = build_schema(CATALOG)
    issues = schema.table(ObjectRef("table", "issues"))
    assert issues is not None
    assert issues.columns == (
        Column("id", "integer", auto_increment=True),
        Column("project_id", "integer"),
        Column("owner", "text", nullable=False, default=Default("nobody")),
    )
    assert issues.primary_key == PrimaryKey(("id",))
    assert issues.attrs == {attrs.STRICT: True}
    assert issues.foreign_keys == (
        ForeignKey("issues_project", ("project_id",), "projects", ("id",)),
        ForeignKey("issues_owner_fkey", ("owner",), "users", ("login",), on_delete="cascade"),
    )


def test_indexes_keep_what_specs_cannot_say_and_skip_the_primary_key() -> None:
    projects = build_schema(CATALOG).table(ObjectRef("table", "projects"))
    assert projects is not None
    by_len = "create index by_len on projects (length(name))"
    named = "create index named on projects (name) where 1"
    assert projects.indexes == (
        Index("by_len", ("",), attrs={attrs.EXPRESSION: True, attrs.DEFINITION: by_len}),
        Index("named", ("name",), attrs={attrs.PARTIAL: True, attrs.DEFINITION: named}),
        Index("plain", ("id",), unique=True),
        Index("sqlite_autoindex_projects_1", ("name",), True, {attrs.CONSTRAINT: True}),
    )


def test_the_catalog_is_four_queries() -> None:
    asked: list[tuple[str, Sequence[Any]]] = []

    def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        asked.append((sql, params))
        return []

    read_catalog(run)
    read_catalog(run, [ObjectRef("table", "users"), ObjectRef("view", "v")])
    every = [queries.TABLES, queries.COLUMNS, queries.INDEXES, queries.FOREIGN_KEYS]
    assert asked == [(q, (None,)) for q in every] + [(q, ('["users"]',)) for q in every]


def test_a_scoped_catalog_holds_the_tables_named_and_those_they_reference() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("create table parent (id integer primary key)")
    db.execute("create table child (id integer primary key, p integer references parent)")
    db.execute("create table other (id integer primary key)")

    def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return db.execute(sql, params).fetchall()

    every = build_schema(read_catalog(run))
    scoped = build_schema(read_catalog(run, [ObjectRef("table", "CHILD")]))
    assert sorted(r.name for r in scoped.objects) == ["child", "parent"]
    child = ObjectRef("table", "child")
    assert scoped.objects[child] == every.objects[child]
    assert not build_schema(read_catalog(run, [])).objects


def test_seed_rows_are_asked_about_in_one_query_per_table() -> None:
    schema = build_schema(CATALOG)
    projects = schema.table(ObjectRef("table", "projects"))
    assert projects is not None
    rows: list[SeedRow] = [
        (("id", 1), ("name", "a")),
        (("id", 2),),
        (("id", 3), ("name", None)),
        (("id", 4), ("missing", 1)),
    ]
    query = seed_query(projects, rows)
    assert query is not None
    sql, params = query
    assert sql.count("union all") == 1 and sql.count("?") == 2
    assert [json.loads(p) for p in params] == [[[0, 1, "a"], [2, 3, None]], [[1, 2]]]
    asked: list[str] = []

    def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        asked.append(sql)
        return [(0,), (1,)]

    seeds: dict[ObjectRef, list[SeedRow]] = {
        ObjectRef("table", "projects"): rows,
        ObjectRef("table", "absent"): rows,
        ObjectRef("table", "issues"): [(("nope", 1),)],
    }
    assert present_rows(run, schema, seeds) == {ObjectRef("table", "projects"): frozenset({0, 1})}
    assert len(asked) == 1
