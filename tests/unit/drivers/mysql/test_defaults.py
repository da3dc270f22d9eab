"""Defaults as MariaDB and MySQL 8.0 print them, compared by meaning."""

from __future__ import annotations

import pytest

from schemahero.drivers.mysql.defaults import from_catalog, from_spec, same
from schemahero.schema.model import Default


@pytest.mark.parametrize(
    ("raw", "extra", "expected"),
    [
        (None, "", None),
        ("NULL", "", None),
        ("'NULL'", "", Default("NULL")),
        ("'it''s'", "", Default("it's")),
        ("'a\\\\b\\n'", "", Default("a\\b\n")),
        ("''", "", Default("")),
        ("5", "", Default("5")),
        ("0.00", "", Default("0.00")),
        ("current_timestamp()", "", Default("CURRENT_TIMESTAMP", expression=True)),
        (
            "current_timestamp(3)",
            "on update current_timestamp(3)",
            Default("CURRENT_TIMESTAMP(3)", expression=True),
        ),
    ],
)
def test_mariadb_prints_defaults_as_sql(raw: str | None, extra: str, expected: Default | None) -> None:
    assert from_catalog(raw, extra, mariadb=True) == expected


def test_mysql_prints_defaults_bare() -> None:
    assert from_catalog("it's", "", mariadb=False) == Default("it's")
    assert from_catalog("NULL", "", mariadb=False) == Default("NULL")
    assert from_catalog("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", mariadb=False) == Default(
        "CURRENT_TIMESTAMP", expression=True
    )


def test_spec_defaults() -> None:
    assert from_spec("CURRENT_TIMESTAMP", "datetime (3)") == Default("CURRENT_TIMESTAMP", expression=True)
    assert from_spec("now(6)", "timestamp") == Default("CURRENT_TIMESTAMP(6)", expression=True)
    assert from_spec("CURRENT_TIMESTAMP", "varchar (20)") == Default("CURRENT_TIMESTAMP")
    assert from_spec("false", "tinyint (1)") == Default("0")


def test_numbers_compare_as_numbers() -> None:
    assert same(Default("0.00"), Default("0"), "decimal (10, 2)")
    assert not same(Default("0.00"), Default("0"), "varchar (5)")
    assert not same(None, Default(""), "varchar (5)")
    assert same(None, None, "int (11)")
