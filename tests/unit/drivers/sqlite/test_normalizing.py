"""Types and defaults: the same canonical form from a spec and from the catalog."""

from __future__ import annotations

import pytest

from schemahero.drivers.sqlite.normalizing import (
    live_default,
    normal_on_delete,
    normalize_type,
    spec_default,
)
from schemahero.schema.model import Default


@pytest.mark.parametrize(
    ("declared", "normal"),
    [
        ("INTEGER", "integer"),
        ("  VARCHAR ( 255 ) ", "varchar(255)"),
        ("decimal(10, 2)", "decimal(10,2)"),
        ("double   precision", "double precision"),
        ("", "blob"),
    ],
)
def test_types(declared: str, normal: str) -> None:
    assert normalize_type(declared) == normal


def test_spec_defaults_are_literals_but_current_timestamp_on_timestamps() -> None:
    assert spec_default("5", "integer") == Default("5")
    assert spec_default("CURRENT_TIMESTAMP", "text") == Default("CURRENT_TIMESTAMP")
    assert spec_default("CURRENT_TIMESTAMP", "datetime") == Default("CURRENT_TIMESTAMP", True)


@pytest.mark.parametrize(
    ("shown", "default"),
    [
        (None, None),
        ("NULL", None),
        ("'trial'", Default("trial")),
        ("'it''s'", Default("it's")),
        ("''", Default("")),
        ('"x"', Default("x")),
        ("5", Default("5")),
        ("-1.5e3", Default("-1.5e3")),
        ("CURRENT_TIMESTAMP", Default("CURRENT_TIMESTAMP", True)),
        ("1+2", Default("1+2", True)),
        ("'a' || 'b'", Default("'a' || 'b'", True)),
    ],
)
def test_live_defaults(shown: str | None, default: Default | None) -> None:
    assert live_default(shown) == default


def test_no_action_is_no_action_at_all() -> None:
    assert normal_on_delete("NO ACTION") == ""
    assert normal_on_delete("SET  NULL") == "set null"
    assert normal_on_delete("CASCADE") == "cascade"
