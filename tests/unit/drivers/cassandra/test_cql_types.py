"""CQL types: the grammar a spec's type must follow, and Cassandra's spelling of each type."""

from __future__ import annotations

import pytest

from schemahero.drivers.cassandra.cql_types import TypeSyntaxError, fits_primary_key, normalize, parse


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("int", "int"),
        ("VARCHAR", "text"),
        ("map<varchar,int>", "map<text, int>"),
        ("frozen< list < varchar > >", "frozen<list<text>>"),
        ("tuple<int, varchar>", "frozen<tuple<int, text>>"),
        ("list<tuple<int>>", "list<frozen<tuple<int>>>"),
        ("frozen<tuple<int>>", "frozen<tuple<int>>"),
        ("vector<float, 3>", "vector<float, 3>"),
        ("Address", "address"),
        ("set<frozen<map<int,text>>>", "set<frozen<map<int, text>>>"),
    ],
)
def test_types_are_spelled_as_cassandra_reports_them(written: str, reported: str) -> None:
    assert normalize(written) == reported


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("text[]", "cannot be part of a CQL type"),
        ("varchar(255)", "cannot be part of a CQL type"),
        ("list", "takes its types in angle brackets"),
        ("map<text>", "takes 2 type argument(s), not 1"),
        ("list<int, int>", "takes 1 type argument(s), not 2"),
        ("vector<float, x>", "dimension, a number"),
        ("list<int", "is not closed"),
        ("int int", "unexpected 'int'"),
        ("<int>", "expected a type name"),
        ("int; drop table x", "cannot be part of a CQL type"),
        ("", "no type given"),
    ],
)
def test_what_is_not_a_type_says_why(written: str, problem: str) -> None:
    with pytest.raises(TypeSyntaxError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse(written)


def test_a_type_that_does_not_parse_is_compared_as_written() -> None:
    assert normalize("Strange  Thing!") == "strange thing!"


@pytest.mark.parametrize(
    ("written", "fits"),
    [
        ("int", True),
        ("varchar", True),
        ("frozen<list<int>>", True),
        ("tuple<int, text>", True),
        ("list<int>", False),
        ("address", False),
        ("frozen<address>", True),
        ("counter", False),
        ("duration", False),
    ],
)
def test_key_columns_take_frozen_collections_only(written: str, fits: bool) -> None:
    assert fits_primary_key(written) is fits
