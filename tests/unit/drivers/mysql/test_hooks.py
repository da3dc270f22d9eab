"""Comparisons that must not see a difference where MySQL only inherits or prints differently."""

from __future__ import annotations

from typing import Any

from schemahero.drivers.mysql.hooks import MysqlHooks, same_table_charset
from schemahero.schema.changes import ColumnChange
from schemahero.schema.model import Column, Default, ForeignKey, Index

HOOKS = MysqlHooks()
LATIN1 = {"charset": "latin1", "collation": "latin1_swedish_ci"}


def live_table(**attrs: str) -> dict[str, Any]:
    return {**LATIN1, "database_charset": "utf8mb4", "database_collation": "utf8mb4_general_ci", **attrs}


def test_a_table_without_a_charset_has_the_databases() -> None:
    assert not same_table_charset(live_table(), {})
    assert same_table_charset(
        live_table(database_charset="latin1", database_collation="latin1_swedish_ci"), {}
    )
    assert same_table_charset(live_table(), {"charset": "LATIN1"})
    assert same_table_charset(
        live_table(charset="utf8mb3", collation="utf8mb3_general_ci"), {"charset": "utf8"}
    )
    assert same_table_charset(live_table(), {"collation": "latin1_swedish_ci"})
    assert not same_table_charset(live_table(), {"collation": "latin1_bin"})


def column(type_: str, **attrs: Any) -> Column:
    return Column("c", type_, attrs=attrs)


def test_columns_that_only_print_differently() -> None:
    inherited = {**LATIN1, "inherits": True}
    pairs = [
        (column("int (11)"), column("int (5)")),
        (column("bigint (20)"), column("bigint (20)")),
        (column("text", **inherited), column("text")),
        (
            column("mediumtext", charset="utf8mb4", collation="utf8mb4_general_ci"),
            column("text (65535)", charset="utf8mb4"),
        ),
        (column("json", charset="utf8mb4", collation="utf8mb4_bin", inherits=False), column("json")),
        (Column("c", "int (11)", nullable=False), Column("c", "int (11)", attrs={"primary_key": True})),
        (
            Column("c", "decimal (5, 2)", default=Default("1.50")),
            Column("c", "decimal (5, 2)", default=Default("1.5")),
        ),
    ]
    assert [HOOKS.column_change(live, wanted) for live, wanted in pairs] == [ColumnChange.NONE] * len(pairs)


def test_columns_that_differ() -> None:
    assert (
        HOOKS.column_change(column("varchar (5)", **LATIN1, inherits=False), column("varchar (5)"))
        == ColumnChange.ATTRS
    )
    assert (
        HOOKS.column_change(
            column("varchar (5)", **LATIN1, inherits=True), column("varchar (5)", charset="utf8mb4")
        )
        == ColumnChange.ATTRS
    )
    assert HOOKS.column_change(column("int (11)"), column("int (11) unsigned")) == ColumnChange.TYPE
    assert (
        HOOKS.column_change(Column("c", "int (11)"), Column("c", "int (11)", nullable=False))
        == ColumnChange.NULLABILITY
    )


def test_indexes_made_for_foreign_keys_are_left_alone() -> None:
    made = Index("fk_x", ("x",), attrs={"foreign_key": True})
    assert not HOOKS.managed_index(made)
    assert HOOKS.same_index(made, Index("fk_x", ("x",)))
    assert not HOOKS.same_index(Index("i", ("x",)), Index("i", ("x",), attrs={"type": "fulltext"}))


def test_restrict_is_the_default_action() -> None:
    def fk(action: str) -> ForeignKey:
        return ForeignKey("f", ("a",), "t", ("id",), action)

    assert HOOKS.same_foreign_key(fk("restrict"), fk(""))
    assert HOOKS.same_foreign_key(fk("no action"), fk("RESTRICT"))
    assert not HOOKS.same_foreign_key(fk("restrict"), fk("cascade"))
