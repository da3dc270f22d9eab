"""Random table specs converge on MariaDB: plan, apply, plan again is empty; then reshape the table.

Specs are what a user could mean: defaults that fit their column, indexes on columns MySQL can
index without a prefix length, AUTO_INCREMENT on a lone integer primary key. Tables are not
converted to utf16: MariaDB 10.11 garbles the ENUM values it converts to utf16 (a server bug).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemahero.driver_api import Connection, Driver
from tests.integration.mysql.conftest import table
from tests.integration.planning import converge

NAMES = [
    "id",
    "name",
    "order",
    "Key",
    "amount",
    "created_at",
    "a_rather_long_column_name_that_makes_index_names_long",
]
CHARSETS = [
    {},
    {"charset": "latin1"},
    {"charset": "utf8mb4"},
    {"charset": "utf16"},
    {"collation": "utf8mb4_bin"},
]
TABLE_CHARSETS = [
    {},
    {"defaultCharset": "latin1"},
    {"defaultCharset": "utf8"},
    {"collation": "utf8mb4_unicode_ci"},
]
TEXT = st.text(alphabet="ab 'é\\\"%", max_size=8).map(str.strip)


KINDS: list[tuple[list[str], st.SearchStrategy[str] | None, bool]] = [
    (
        ["int", "integer", "bigint", "tinyint(1)", "bool", "smallint unsigned"],
        st.sampled_from(["0", "1", "true"]),
        False,
    ),
    (["decimal(10,2)", "double", "float"], st.sampled_from(["0", "1", "2.5"]), False),
    (["decimal(5)"], st.just("3"), False),
    (["varchar(8)", "varchar (100)", "char(8)", "char (36)"], TEXT, True),
    (["text", "text(100)", "text (65535)", "mediumtext", "longtext", "tinytext"], None, True),
    (["blob", "mediumblob", "blob(300)", "varbinary(16)"], None, False),
    (["json"], None, False),
    (["datetime", "timestamp"], st.sampled_from(["CURRENT_TIMESTAMP", "2024-02-29 12:00:00"]), False),
    (["date"], st.just("2024-02-29"), False),
    (["datetime(3)"], None, False),
    (["enum('a','b','it''s')"], st.sampled_from(["a", "it's"]), False),
]
"""Types of one kind, defaults that fit them, whether they take a character set."""


@st.composite
def columns(draw: st.DrawFn, name: str) -> dict[str, Any]:
    types, defaults, has_charset = draw(st.sampled_from(KINDS))
    column: dict[str, Any] = {"name": name, "type": draw(st.sampled_from(types))}
    if has_charset:
        column |= draw(st.sampled_from(CHARSETS))
    if draw(st.booleans()):
        column["constraints"] = {"notNull": True}
    if defaults is not None and draw(st.booleans()):
        column["default"] = draw(defaults)
    return column


UNINDEXABLE = ("text", "tinytext", "mediumtext", "longtext", "blob", "mediumblob", "json")
"""Types MySQL indexes only with a prefix length, which specs cannot give."""


def indexable(column: dict[str, Any]) -> bool:
    return not str(column["type"]).startswith(UNINDEXABLE)


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    cols = [draw(columns(name)) for name in names]
    keyable = [c for c in cols if indexable(c)]
    block: dict[str, Any] = {"columns": cols, **draw(st.sampled_from(TABLE_CHARSETS))}
    if bool(keyable) and draw(st.booleans()):
        key = draw(
            st.lists(st.sampled_from([c["name"] for c in keyable]), min_size=1, max_size=2, unique=True)
        )
        block["primaryKey"] = key
        only = next(c for c in cols if c["name"] == key[0])
        if len(key) == 1 and only["type"] in ("int", "integer", "bigint") and draw(st.booleans()):
            only["attributes"] = {"autoIncrement": True}
            only.pop("default", None)
    if keyable:
        sets = st.lists(st.sampled_from([c["name"] for c in keyable]), min_size=1, max_size=2, unique=True)
        chosen = draw(
            st.lists(sets, max_size=2, unique_by=lambda s: ("idx_random_table_" + "_".join(s))[:64])
        )
        block["indexes"] = [{"columns": s, "isUnique": draw(st.booleans())} for s in chosen]
    return block


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=blocks(), second=blocks())
def test_random_specs_converge(
    first: dict[str, Any],
    second: dict[str, Any],
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
) -> None:
    load("drop table if exists random_table")
    converge(driver, connection, [table("random_table", first)])
    converge(driver, connection, [table("random_table", second)])
