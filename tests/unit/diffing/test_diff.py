"""The one diff: typed changes from two models, in a fixed order, with no SQL."""

from __future__ import annotations

import pytest

from schemahero.diffing import Hooks, diff, order
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropIndex,
    DropObject,
    DropTable,
    ModifyColumn,
    ModifyPrimaryKey,
    ModifyTable,
    RenameColumn,
    RenameTable,
    ReplaceObject,
    UpsertRows,
)
from schemahero.schema.diagnostics import SpecError
from schemahero.schema.fingerprint import fingerprint
from schemahero.schema.model import (
    Column,
    Default,
    Desired,
    ForeignKey,
    Function,
    Index,
    ObjectRef,
    PrimaryKey,
    Schema,
    Table,
    View,
)

ID = Column("id", "integer", nullable=False)
USERS = Table("users", (ID, Column("name", "text")), PrimaryKey(("id",)))


def test_equal_models_give_nothing() -> None:
    assert diff(Schema.of([USERS]), Desired([USERS]), Hooks()) == []


def test_table_changes_come_drops_first_then_modifications_then_additions() -> None:
    live = Table(
        "users",
        (ID, Column("name", "text"), Column("old", "int")),
        PrimaryKey(("id",)),
        indexes=(Index("idx_users_old", ("old",)),),
    )
    desired = Table(
        "users",
        (ID, Column("name", "text", nullable=False, default=Default("x")), Column("age", "int")),
        PrimaryKey(("id", "name")),
        indexes=(Index("idx_users_age", ("age",), unique=True),),
    )
    [change] = diff(Schema.of([live]), Desired([desired]), Hooks())
    assert isinstance(change, ModifyTable)
    assert change.changes == (
        DropIndex(live.indexes[0]),
        ModifyPrimaryKey(PrimaryKey(("id",)), PrimaryKey(("id", "name"))),
        DropColumn(live.columns[2]),
        ModifyColumn(live.columns[1], desired.columns[1], ColumnChange.NULLABILITY | ColumnChange.DEFAULT),
        AddColumn(desired.columns[2]),
        AddIndex(desired.indexes[0]),
    )


def test_changed_index_is_dropped_and_added() -> None:
    live = Table("t", (ID,), indexes=(Index("i", ("id",)),))
    desired = Table("t", (ID,), indexes=(Index("i", ("id",), unique=True),))
    [change] = diff(Schema.of([live]), Desired([desired]), Hooks())
    assert isinstance(change, ModifyTable)
    assert change.changes == (DropIndex(live.indexes[0]), AddIndex(desired.indexes[0]))


def test_undeclared_objects_are_left_alone_and_deleted_ones_dropped() -> None:
    other = Table("other", (ID,))
    changes = diff(
        Schema.of([USERS, other]),
        Desired(deleted=[USERS.ref, ObjectRef("table", "ghost")]),
        Hooks(),
    )
    assert changes == [DropTable(USERS)]


def test_views_are_created_or_replaced() -> None:
    view = View("v", "select 1")
    assert diff(Schema(), Desired([view]), Hooks()) == [CreateObject(view)]
    changed = View("v", "select 2")
    assert diff(Schema.of([view]), Desired([changed]), Hooks()) == [ReplaceObject(view, changed)]


def test_only_missing_seed_rows_are_upserted() -> None:
    rows = [(("id", 1),), (("id", 2),)]
    desired = Desired([USERS], seeds={USERS.ref: rows})
    [change] = diff(Schema.of([USERS]), desired, Hooks(), {USERS.ref: frozenset({0})})
    assert change == UpsertRows(USERS.ref, ((("id", 2),),), ("id",))
    assert diff(Schema.of([USERS]), desired, Hooks(), {USERS.ref: frozenset({0, 1})}) == []


def test_order_creates_referenced_tables_first_and_seeds_after_their_table() -> None:
    child = Table("child", (ID,), foreign_keys=(ForeignKey("fk", ("id",), "parent", ("id",)),))
    parent = Table("parent", (ID,))
    seeds = UpsertRows(parent.ref, ((("id", 1),),))
    ordered = order([seeds, CreateTable(child), CreateTable(parent)])
    assert ordered == [CreateTable(parent), seeds, CreateTable(child)]
    drops = order([DropTable(parent), DropTable(child)])
    assert drops == [DropTable(child), DropTable(parent)]


def test_foreign_key_cycle_is_broken_deterministically() -> None:
    a = Table("a", (ID,), foreign_keys=(ForeignKey("f", ("id",), "b", ("id",)),))
    b = Table("b", (ID,), foreign_keys=(ForeignKey("f", ("id",), "a", ("id",)),))
    assert order([CreateTable(a), CreateTable(b)]) == [CreateTable(b), CreateTable(a)]


def test_foreign_key_change_is_drop_and_add() -> None:
    live = Table("t", (ID,), foreign_keys=(ForeignKey("f", ("id",), "a", ("id",)),))
    desired = Table("t", (ID,), foreign_keys=(ForeignKey("f", ("id",), "a", ("id",), "cascade"),))
    [change] = diff(Schema.of([live]), Desired([desired]), Hooks())
    assert isinstance(change, ModifyTable) and isinstance(change.changes[-1], AddForeignKey)


def test_fingerprint_changes_with_the_objects_it_covers_only() -> None:
    other = Table("other", (ID,))
    before = fingerprint(Schema.of([USERS, other]), [USERS.ref])
    assert fingerprint(Schema.of([USERS]), [USERS.ref]) == before
    assert fingerprint(Schema.of([USERS, Table("other", ())]), [USERS.ref]) == before
    assert fingerprint(Schema.of([other]), [USERS.ref]) != before


def test_a_long_foreign_key_chain_orders_without_recursion() -> None:
    tables = [
        Table(f"t{n}", (ID,), foreign_keys=(ForeignKey("f", ("id",), f"t{n - 1}", ("id",)),) if n else ())
        for n in range(5000)
    ]
    ordered = order([CreateTable(t) for t in reversed(tables)])
    assert [c.table.name for c in ordered if isinstance(c, CreateTable)] == [t.name for t in tables]


def test_previous_name_plans_a_rename_and_keeps_indexes_in_step() -> None:
    live = Table("users", (ID, Column("mail", "text")), indexes=(Index("idx_mail", ("mail",)),))
    desired = Table(
        "users",
        (ID, Column("email", "text", nullable=False, previous_names=("mail",))),
        indexes=(Index("idx_mail", ("email",)),),
    )
    [change] = diff(Schema.of([live]), Desired([desired]), Hooks())
    assert isinstance(change, ModifyTable)
    assert change.changes == (
        RenameColumn(live.columns[1], Column("email", "text")),
        ModifyColumn(Column("email", "text"), desired.columns[1], ColumnChange.NULLABILITY),
    )


def test_previous_table_name_plans_a_table_rename() -> None:
    old = Table("people", (ID,))
    desired = Table("users", (ID,), previous_names=("people",))
    assert diff(Schema.of([old]), Desired([desired]), Hooks()) == [RenameTable(old, desired)]
    assert ObjectRef("table", "people") in Desired([desired]).refs


@pytest.mark.parametrize(
    ("live", "desired"),
    [
        (
            Table("t", (ID, Column("a", "text"), Column("b", "text"))),
            Table("t", (ID, Column("b", "text", previous_names=("a",)))),
        ),
        (
            Table("t", (ID, Column("a", "text"), Column("c", "text"))),
            Table("t", (ID, Column("b", "text", previous_names=("a", "c")))),
        ),
        (
            Table("t", (ID, Column("a", "text"))),
            Table(
                "t",
                (ID, Column("b", "text", previous_names=("a",)), Column("c", "text", previous_names=("a",))),
            ),
        ),
    ],
    ids=["new-and-old-both-exist", "two-previous-names-exist", "one-old-name-claimed-twice"],
)
def test_ambiguous_renames_are_diagnostics(live: Table, desired: Table) -> None:
    with pytest.raises(SpecError) as refused:
        diff(Schema.of([live]), Desired([desired]), Hooks())
    assert refused.value.diagnostics[0].code == "ambiguous-rename"


def test_kinds_are_created_in_dependency_order_and_dropped_in_reverse() -> None:
    view, function = View("v", "select 1"), Function("f", "select 1", "int", "sql")
    created = order([CreateObject(view), CreateTable(USERS), CreateObject(function)])
    assert created == [CreateObject(function), CreateTable(USERS), CreateObject(view)]
    dropped = order([DropObject(function), DropTable(USERS), DropObject(view)])
    assert dropped == [DropObject(view), DropTable(USERS), DropObject(function)]
