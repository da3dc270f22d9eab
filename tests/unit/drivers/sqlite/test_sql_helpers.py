"""drivers/_sql: quoting of identifiers and printing of literals."""

from __future__ import annotations

import pytest

from schemahero.drivers._sql import Quoter, literal
from schemahero.drivers.sqlite.quoting import QUOTE


@pytest.mark.parametrize(
    ("name", "always", "when_needed"),
    [
        ("users", '"users"', "users"),
        ("user_id2", '"user_id2"', "user_id2"),
        ("Users", '"Users"', '"Users"'),
        ("order", '"order"', '"order"'),
        ("2fa", '"2fa"', '"2fa"'),
        ("my table", '"my table"', '"my table"'),
        ('say "hi"', '"say ""hi"""', '"say ""hi"""'),
        ("été", '"été"', '"été"'),
    ],
)
def test_sqlite_quoting(name: str, always: str, when_needed: str) -> None:
    assert QUOTE.always(name) == always
    assert QUOTE.when_needed(name) == when_needed


def test_other_quote_marks_are_doubled() -> None:
    backticks = Quoter("`", frozenset({"key"}))
    assert backticks.always("a`b") == "`a``b`"
    assert backticks.when_needed("key") == "`key`"
    assert backticks.join(["id", "key"]) == "id, `key`"
    assert backticks.join(["id"], always=True) == "`id`"


def test_a_nul_in_an_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        QUOTE.always("a\x00b")


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (None, "null"),
        (0, "0"),
        (-42, "-42"),
        (10**20, "100000000000000000000"),
        ("", "''"),
        ("it's", "'it''s'"),
        ("''", "''''''"),
        ("back\\slash", "'back\\slash'"),
        ("line\nbreak", "'line\nbreak'"),
        ("1; drop table users; --", "'1; drop table users; --'"),
    ],
)
def test_literals(value: str | int | None, printed: str) -> None:
    assert literal(value) == printed


@pytest.mark.parametrize("value", [True, "a\x00b"])
def test_values_without_a_literal_are_refused(value: str | bool) -> None:
    with pytest.raises((TypeError, ValueError)):
        literal(value)
