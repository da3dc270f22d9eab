"""From specs to the model: diagnostics with paths, upstream's names, inherited NOT NULL."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.drivers.mysql.desired import desired
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import Default, ObjectRef, Table


def spec(block: dict[str, Any] | None = None, name: str = "t", **extra: Any) -> SpecObject:
    body: dict[str, Any] = {"name": name, **extra}
    if block is not None:
        body["schema"] = {"mysql": block}
    return SpecObject("Table", name, body, f"test: Table {name}")


def errors(objects: list[SpecObject]) -> list[tuple[str, str]]:
    return [(d.code, d.path) for d in desired(objects)[1] if d.severity == "error"]


@pytest.mark.parametrize(
    ("column", "code", "field"),
    [
        ({"name": "a", "type": "varchar"}, "unknown-type", "type"),
        ({"name": "a", "type": "money"}, "unknown-type", "type"),
        ({"name": "a", "type": "int); drop table x; --"}, "invalid-type-name", "type"),
        ({"name": "a" * 65, "type": "int"}, "name-too-long", "name"),
        ({"name": "a", "type": "text", "charset": "utf8; drop"}, "invalid-name", "charset"),
        ({"name": "a", "type": "text", "collation": "x y"}, "invalid-name", "collation"),
    ],
)
def test_column_problems_name_their_field(column: dict[str, Any], code: str, field: str) -> None:
    assert errors([spec({"columns": [{"name": "id", "type": "int"}, column]})]) == [
        (code, f"spec.schema.mysql.columns[1].{field}")
    ]


def test_table_problems() -> None:
    block = {
        "defaultCharset": "latin1 ",
        "columns": [{"name": "a", "type": "int"}],
        "indexes": [{"columns": ["a"]}, {"columns": ["a"], "isUnique": True}],
    }
    assert errors([spec(block, name="x" * 65)]) == [
        ("name-too-long", "spec.name"),
        ("invalid-name", "spec.schema.mysql.defaultCharset"),
        ("duplicate-index", "spec.schema.mysql.indexes[1]"),
    ]
    assert errors([SpecObject("View", "v", {"name": "v"}, "test: View v")]) == [("unsupported-kind", "kind")]


def test_generated_names_are_cut_to_64_characters() -> None:
    long = "a_column_name_long_enough_to_push_generated_names_past_the_limit"
    block = {
        "columns": [{"name": long, "type": "int"}],
        "indexes": [{"columns": [long]}],
        "foreignKeys": [{"columns": [long], "references": {"table": "other", "columns": ["id"]}}],
    }
    (table,) = desired([spec(block)])[0].objects
    assert isinstance(table, Table)

    assert [i.name for i in table.indexes] == [f"idx_t_{long}"[:64]]
    assert [f.name for f in table.foreign_keys] == [f"t_{long}_fkey"[:64]]


def test_the_model_of_a_block() -> None:
    block = {
        "primaryKey": ["id"],
        "collation": "utf8mb4_bin",
        "columns": [
            {"name": "id", "type": "integer"},
            {"name": "at", "type": "timestamp", "default": "now()"},
            {"name": "flag", "type": "bool", "default": "true", "charset": "ignored_for_ints"},
        ],
    }
    wanted, problems = desired(
        [
            spec(block),
            spec(
                None, name="seeded", seedData={"rows": [{"columns": [{"column": "id", "value": {"int": 1}}]}]}
            ),
            spec({"isDeleted": True}, name="old"),
        ]
    )

    assert not problems
    (table,) = wanted.objects
    assert isinstance(table, Table)
    assert table.attrs == {"collation": "utf8mb4_bin"}
    assert [(c.name, c.type, c.nullable, c.default, dict(c.attrs)) for c in table.columns] == [
        ("id", "int (11)", True, None, {"primary_key": True}),
        ("at", "timestamp", True, Default("CURRENT_TIMESTAMP", expression=True), {}),
        ("flag", "tinyint (1)", True, Default("1"), {"charset": "ignored_for_ints"}),
    ]
    assert wanted.seeds == {ObjectRef("table", "seeded"): [(("id", 1),)]}
    assert wanted.deleted == [ObjectRef("table", "old")]
