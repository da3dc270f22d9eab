"""How PostgreSQL compares: types by their catalog form, defaults by meaning, and so on.

A spec says `int` where the catalog says `integer`, `'trial'` where it says
`'trial'::character varying`, `(id > 5)` for `id > 5`; none of these is a change.
"""

from __future__ import annotations

import hashlib

from schemahero.diffing import Hooks
from schemahero.drivers.postgres import defaults, triggers, typenames
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import (
    Column,
    DatabaseObject,
    DataType,
    Extension,
    ForeignKey,
    Function,
    Index,
    Table,
    View,
)

QUERY_MARK = "schemahero:query-sha256:"
"""Prefix of the comment a planned view carries: the hash of the query its spec gave."""


def query_hash(query: str) -> str:
    """The hash a view's comment records for its spec's query (white space ignored)."""
    return hashlib.sha256(" ".join(query.split()).encode()).hexdigest()


class PostgresHooks(Hooks):
    def column_change(self, live: Column, desired: Column) -> ColumnChange:
        kind = ColumnChange.NONE
        if typenames.canonical(live.type) != typenames.canonical(desired.type):
            kind |= ColumnChange.TYPE
        if live.nullable != desired.nullable:
            kind |= ColumnChange.NULLABILITY
        if defaults.canonical(live.default, live.type) != defaults.canonical(desired.default, desired.type):
            kind |= ColumnChange.DEFAULT
        if live.auto_increment != desired.auto_increment:
            kind |= ColumnChange.AUTO_INCREMENT
        return kind

    def same_index(self, live: Index, desired: Index) -> bool:
        return (
            live.columns == desired.columns
            and live.unique == desired.unique
            and live.attrs.get("method", "btree") == desired.attrs.get("method", "btree")
            and dict(live.attrs.get("with", ())) == dict(desired.attrs.get("with", ()))
            and defaults.squash(live.attrs.get("where", ""))
            == defaults.squash(desired.attrs.get("where", ""))
        )

    def same_foreign_key(self, live: ForeignKey, desired: ForeignKey) -> bool:
        return (
            live.columns == desired.columns
            and live.ref_table == desired.ref_table
            and live.ref_columns == desired.ref_columns
            and live.on_delete == desired.on_delete
            and live.ref_schema == desired.ref_schema
        )

    def changed_table_attrs(self, live: Table, desired: Table) -> tuple[str, ...]:
        present = live.attrs.get("triggers", ())
        wanted = desired.attrs.get("triggers", ())
        return ("triggers",) if any(triggers.changed(present, wanted)) else ()

    def same_object(self, live: DatabaseObject, desired: DatabaseObject) -> bool:
        if isinstance(live, View) and isinstance(desired, View):
            return self.same_view(live, desired)
        if isinstance(live, Function) and isinstance(desired, Function):
            return same_function(live, desired)
        if isinstance(live, Extension) and isinstance(desired, Extension):
            return (not desired.version or desired.version == live.version) and (
                "schema" not in desired.attrs or desired.attrs["schema"] == live.attrs.get("schema")
            )
        if isinstance(live, DataType) and isinstance(desired, DataType):
            return live.values == desired.values
        return live == desired

    def same_view(self, live: View, desired: View) -> bool:
        """The same query: recorded by its hash when planned here, else the same text."""
        recorded = live.attrs.get("query_hash")
        if recorded == query_hash(desired.query):
            return True
        return defaults.squash(live.query.rstrip("; \n")) == defaults.squash(desired.query.rstrip("; \n"))


def same_function(live: Function, desired: Function) -> bool:
    return (
        live.body.strip() == desired.body.strip()
        and live.language.lower() == desired.language.lower()
        and same_signature(live, desired)
    )


def same_signature(live: Function, desired: Function) -> bool:
    """Same parameters and result: else the function is dropped and created again."""
    return (
        typenames.canonical(live.returns) == typenames.canonical(desired.returns)
        and [typenames.canonical(t) for _, t in live.params]
        == [typenames.canonical(t) for _, t in desired.params]
        and [n for n, _ in live.params] == [n for n, _ in desired.params]
        and tuple(live.attrs.get("modes", ())) == tuple(desired.attrs.get("modes", ()))
    )
