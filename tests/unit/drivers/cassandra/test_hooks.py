"""How the diff compares Cassandra objects: Cassandra's type spelling, key parts, named properties."""

from __future__ import annotations

import dataclasses

from schemahero.drivers.cassandra import attrs
from schemahero.drivers.cassandra.hooks import CassandraHooks
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Column, DataType
from tests.unit.drivers.cassandra.conftest import users

HOOKS = CassandraHooks()


def test_columns_differ_by_type_and_static_only() -> None:
    assert HOOKS.column_change(Column("a", "text"), Column("a", "varchar")) == ColumnChange.NONE
    assert (
        HOOKS.column_change(Column("a", "frozen<tuple<int>>"), Column("a", "tuple<int>")) == ColumnChange.NONE
    )
    assert HOOKS.column_change(Column("a", "int"), Column("a", "bigint")) == ColumnChange.TYPE
    static = Column("a", "int", attrs={attrs.STATIC: True})
    assert HOOKS.column_change(Column("a", "int"), static) == ColumnChange.ATTRS


def test_the_key_is_compared_by_its_parts() -> None:
    live = users(clustering=(("at", "asc"),))
    assert HOOKS.same_primary_key(live.primary_key, users().primary_key)
    assert HOOKS.changed_table_attrs(live, users(clustering=(("at", "desc"),))) == (attrs.CLUSTERING,)
    moved = dataclasses.replace(
        live, attrs={**live.attrs, attrs.PARTITION_KEY: ("id", "at"), attrs.CLUSTERING: ()}
    )
    assert HOOKS.changed_table_attrs(live, moved) == (attrs.PARTITION_KEY, attrs.CLUSTERING)


def test_live_properties_count_only_where_the_spec_names_them() -> None:
    live = users(
        more={attrs.PROPERTIES: {"comment": "", "default_time_to_live": 0}, attrs.DROPPED: {"x": "int"}}
    )
    assert HOOKS.changed_table_attrs(live, users()) == ()
    named = users(more={attrs.PROPERTIES: {"comment": "new", "default_time_to_live": 0}})
    assert HOOKS.changed_table_attrs(live, named) == ("properties.comment",)


def test_types_are_their_fields() -> None:
    live = DataType("t", fields=(("a", "text"),))
    assert HOOKS.same_object(live, DataType("t", fields=(("a", "varchar"),), attrs={attrs.SOURCE: "s"}))
    assert not HOOKS.same_object(live, DataType("t", fields=(("a", "text"), ("b", "int"))))
