"""Cassandra renames no column outside the primary key: a rename a spec asks for is refused
with a diagnostic, never planned as a drop and an add."""

from __future__ import annotations

import dataclasses

import pytest

from schemahero.diffing import diff
from schemahero.drivers.cassandra.engine import CassandraEngine
from schemahero.schema.diagnostics import SpecError
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, Schema


def users(column: dict[str, object]) -> SpecObject:
    block = {"primaryKey": [["id"]], "columns": [{"name": "id", "type": "int"}, column]}
    return SpecObject("Table", "users", {"name": "users", "schema": {"cassandra": block}}, "users.yaml")


def test_a_column_rename_is_refused_with_the_spec_path() -> None:
    engine = CassandraEngine()
    desired, _ = engine.desired([users({"name": "email", "type": "text", "previousNames": ["mail"]})])
    table = desired.objects[0]
    live = dataclasses.replace(table, columns=(table.columns[0], Column("mail", "text")))

    with pytest.raises(SpecError) as refused:
        engine.render(diff(Schema.of([live]), desired, engine.hooks))

    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.code == "cannot-rename"
    assert diagnostic.path == "spec.schema.cassandra.columns[1].previousNames"
    assert "rename column mail of users to email" in diagnostic.message


def test_previous_names_already_taken_plan_nothing() -> None:
    engine = CassandraEngine()
    desired, _ = engine.desired([users({"name": "email", "type": "text", "previousNames": ["mail"]})])
    table = desired.objects[0]

    assert engine.render(diff(Schema.of([table]), desired, engine.hooks)) == []
