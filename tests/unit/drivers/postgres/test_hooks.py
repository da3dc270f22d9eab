"""Comparing: what the catalog says and what a spec says are equal when they mean the same."""

from __future__ import annotations

from schemahero.drivers.postgres.hooks import QUERY_MARK, PostgresHooks, query_hash
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Column, Default, Function, Index, View

HOOKS = PostgresHooks()


def test_columns() -> None:
    live = Column("t", "timestamp without time zone", False, Default("CURRENT_TIMESTAMP", True))
    assert (
        HOOKS.column_change(live, Column("t", "timestamp", False, Default("current_timestamp", True)))
        == ColumnChange.NONE
    )
    assert (
        HOOKS.column_change(Column("v", "character varying(32)"), Column("v", "character varying (32)"))
        == ColumnChange.NONE
    )
    assert (
        HOOKS.column_change(Column("s", "serial", False), Column("s", "serial4", False)) == ColumnChange.NONE
    )
    changed = HOOKS.column_change(Column("v", "integer"), Column("v", "bigint", False, Default("0")))
    assert changed == ColumnChange.TYPE | ColumnChange.NULLABILITY | ColumnChange.DEFAULT


def test_indexes() -> None:
    live = Index(
        "i",
        ("a",),
        False,
        {"method": "btree", "with": (("fillfactor", "70"),), "where": "(a > 5)", "constraint": True},
    )
    same = Index("i", ("a",), False, {"method": "btree", "with": (("fillfactor", "70"),), "where": "a > 5"})
    assert HOOKS.same_index(live, same)
    assert not HOOKS.same_index(live, Index("i", ("a",), False, {**same.attrs, "method": "hash"}))
    assert not HOOKS.same_index(live, Index("i", ("a",), False, {**same.attrs, "with": ()}))


def test_views_by_recorded_hash_or_by_text() -> None:
    query = "select id from t where x > 1"
    recorded = View("v", " SELECT t.id\n   FROM t\n  WHERE t.x > 1", attrs={"query_hash": query_hash(query)})
    assert HOOKS.same_object(recorded, View("v", query))
    assert not HOOKS.same_object(recorded, View("v", "select id from t where x > 2"))
    assert HOOKS.same_object(View("v", "SELECT 1;"), View("v", "select 1"))
    assert QUERY_MARK.startswith("schemahero:")


def test_functions() -> None:
    live = Function("f", "\n select 1 \n", "integer", "sql", (("a", "integer"),), attrs={"modes": ()})
    assert HOOKS.same_object(
        live, Function("f", "select 1", "int4", "SQL", (("a", "int"),), attrs={"modes": ()})
    )
    assert not HOOKS.same_object(
        live, Function("f", "select 1", "bigint", "sql", (("a", "int"),), attrs={"modes": ()})
    )
