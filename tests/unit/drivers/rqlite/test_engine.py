"""The rqlite engine is SQLite's under its own name; plans carry no BEGIN or COMMIT."""

from __future__ import annotations

import dataclasses

from schemahero.driver_api.types import Capability, StepKind
from schemahero.drivers.rqlite import RqliteEngine, create_driver
from schemahero.drivers.sqlite import SqliteEngine, attrs
from schemahero.schema.changes import ColumnChange, ModifyColumn, ModifyTable
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Column, PrimaryKey, Table

USERS = Table(
    "users",
    columns=(Column("id", "integer", nullable=False), Column("age", "real")),
    primary_key=PrimaryKey(("id",)),
    attrs={attrs.STRICT: False, attrs.SPEC_DIGEST: "d" * 64},
)


def test_identity_and_capabilities() -> None:
    driver = create_driver()
    info = driver.plugin_info()
    assert (info.name, info.engines, list(info.spec_schemas)) == (
        "schemahero-driver-rqlite",
        ("rqlite",),
        ["rqlite"],
    )
    assert Capability.ADVISORY_LOCK not in driver.capabilities()
    assert Capability.TRANSACTIONAL_DDL in driver.capabilities()


def test_a_rebuild_is_sqlites_without_its_begin_and_commit() -> None:
    age = Column("age", "integer")
    want = dataclasses.replace(USERS, columns=(USERS.columns[0], age))
    change = ModifyTable(USERS, want, (ModifyColumn(USERS.columns[1], age, ColumnChange.TYPE),))
    sqlite = SqliteEngine().render([change])
    rqlite = RqliteEngine().render([change])
    assert sqlite[0].kind is StepKind.BEGIN
    assert rqlite == [s for s in sqlite if s.kind not in (StepKind.BEGIN, StepKind.COMMIT)]
    assert rqlite[0].sql == f'alter table "users" rename to "users_{"d" * 64}"'


def test_specs_are_read_from_the_rqlite_block() -> None:
    body = {"name": "t", "schema": {"sqlite": {"columns": [{"name": "a", "type": "text"}]}}}
    (problem,) = create_driver().validate_spec([SpecObject("Table", "t", body, "t.yaml")])
    assert problem.code == "missing-schema"
    fixtures = create_driver().generate_fixtures(
        [SpecObject("Table", "t", {"name": "t", "schema": {"rqlite": body["schema"]["sqlite"]}}, "t.yaml")]
    )
    assert fixtures == ['create table "t" ("a" text)']
