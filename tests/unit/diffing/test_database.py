"""The database's own attributes: one ModifyDatabase, first, when they differ from what is asked."""

from __future__ import annotations

from schemahero.diffing import DatabaseAttrs, Hooks, diff, order
from schemahero.schema.changes import CreateTable, ModifyDatabase
from schemahero.schema.model import Column, Desired, Schema, Table

USERS = Table("users", (Column("id", "integer"),))


def test_attributes_asked_and_had_change_nothing() -> None:
    database = DatabaseAttrs("app", {"charset": "utf8", "collation": "utf8_bin"}, {"charset": "utf8"})

    assert diff(Schema(), Desired(), Hooks(), database=database) == []
    assert diff(Schema(), Desired(), Hooks(), database=DatabaseAttrs("app", {"charset": "utf8"}, {})) == []


def test_a_differing_attribute_changes_the_database_before_anything_is_created() -> None:
    database = DatabaseAttrs("app", {"charset": "latin1"}, {"charset": "utf8"})

    changes = order(diff(Schema(), Desired([USERS]), Hooks(), database=database))

    assert changes == [ModifyDatabase("app", {"charset": "latin1"}, {"charset": "utf8"}), CreateTable(USERS)]
