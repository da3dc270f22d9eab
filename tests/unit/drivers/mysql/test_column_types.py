"""Column types: upstream's printing, and what comparison forgets."""

from __future__ import annotations

import pytest

from schemahero.drivers.mysql.column_types import canonical, has_charset, key


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("integer", "int (11)"),
        ("int(11)", "int (11)"),
        ("INT UNSIGNED", "int (10) unsigned"),
        ("bigint (19, 0)", "bigint (20)"),
        ("tinyint (3, 0)", "tinyint (4)"),
        ("bool", "tinyint (1)"),
        ("smallint zerofill", "smallint (5) unsigned zerofill"),
        ("varchar(255)", "varchar (255)"),
        ("character varying (10)", "varchar (10)"),
        ("char", "char (1)"),
        ("decimal", "decimal (10, 0)"),
        ("numeric(8)", "decimal (8, 0)"),
        ("decimal(10,2)", "decimal (10, 2)"),
        ("float(30)", "double"),
        ("double precision", "double"),
        ("text (65535)", "text"),
        ("text(100)", "text (100)"),
        ("mediumtext (16777215)", "mediumtext"),
        ("blob(300)", "blob"),
        ("blob(100)", "tinyblob"),
        ("datetime(0)", "datetime"),
        ("timestamp (6)", "timestamp (6)"),
        ("year(4)", "year"),
        ("json", "json"),
        ("enum('a', 'it''s', 'back\\\\slash')", "enum('a','it''s','back\\\\slash')"),
    ],
)
def test_printed_as_upstream_prints(written: str, printed: str) -> None:
    assert canonical(written) == printed


@pytest.mark.parametrize(
    "written",
    [
        "varchar",
        "varbinary",
        "text(1, 2)",
        "tinytext(10)",
        "datetime(7)",
        "int;drop table x",
        "money",
        "varchar(9) unsigned",
        "enum(a)",
    ],
)
def test_unknown_types_are_refused(written: str) -> None:
    with pytest.raises(ValueError):
        canonical(written)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("int (11)", "int (5)"),
        ("tinyint (1)", "tinyint (4)"),
        ("bigint (20) unsigned", "bigint (19) unsigned"),
    ],
)
def test_display_widths_are_not_compared(one: str, other: str) -> None:
    assert key(one) == key(other)


def test_zerofill_widths_and_signedness_are_compared() -> None:
    assert key("int (11)") != key("int (10) unsigned")
    assert key("int (5) unsigned zerofill") != key("int (6) unsigned zerofill")


@pytest.mark.parametrize(
    ("asked", "charset", "server"),
    [
        ("text (100)", "utf8mb4", "text"),
        ("text (60)", "utf8mb4", "tinytext"),
        ("text (60)", "latin1", "tinytext"),
        ("text (70000)", "latin1", "mediumtext"),
        ("text (65535)", "utf8mb4", "mediumtext"),
    ],
)
def test_a_text_length_is_the_type_the_server_picks(asked: str, charset: str, server: str) -> None:
    assert key(asked, charset) == key(server, charset)


def test_character_types_have_a_charset() -> None:
    assert [
        has_charset(t) for t in ("varchar (5)", "enum('a')", "mediumtext", "json", "blob", "int (11)")
    ] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
