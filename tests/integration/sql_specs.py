"""What the SQLite and rqlite tests share: random table blocks for the convergence tests, and
a schema whose export is checked (rqlite is SQLite behind an HTTP API)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from schemahero.drivers.sqlite.normalizing import STRICT_TYPES

NAMES = ["id", "a", "b", "Odd Name", "order"]
LOOSE_TYPES = ["integer", "int", "text", "real", "blob", "numeric", "varchar(20)", "datetime"]
VALUES = {"text": "x'y", "real": 1.5, "datetime": "2024-01-01"}
"""A value of each loose type the convergence tests write (a blob is written as a literal)."""


def default_for(column_type: str) -> st.SearchStrategy[str]:
    if column_type in ("integer", "int", "numeric", "any"):
        return st.integers(-5, 5).map(str)
    if column_type == "real":
        return st.sampled_from(["1.5", "-2", "0"])
    return st.text(alphabet="ab' é\"%", max_size=4)


@st.composite
def columns(draw: st.DrawFn, strict: bool) -> list[dict[str, Any]]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    found = []
    for name in names:
        column_type = draw(st.sampled_from(sorted(STRICT_TYPES) if strict else LOOSE_TYPES))
        column: dict[str, Any] = {"name": name, "type": column_type}
        if draw(st.booleans()):
            column["constraints"] = {"notNull": draw(st.booleans())}
        if draw(st.booleans()):
            column["default"] = draw(default_for(column_type))
        found.append(column)
    return found


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, Any]:
    strict = draw(st.booleans())
    cols = draw(columns(strict))
    names = [c["name"] for c in cols]
    block: dict[str, Any] = {"columns": cols}
    if strict:
        block["strict"] = True
    key = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    if key:
        block["primaryKey"] = key
        first = cols[names.index(key[0])]
        if len(key) == 1 and first["type"] == "integer" and draw(st.booleans()):
            first["attributes"] = {"autoIncrement": True}
    indexes = draw(
        st.lists(
            st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True), max_size=2, unique_by=tuple
        )
    )
    block["indexes"] = [
        {
            "columns": c,
            "isUnique": draw(st.booleans()),
            **({"name": f"ix_{i}"} if draw(st.booleans()) else {}),
        }
        for i, c in enumerate(indexes)
    ]
    if draw(st.booleans()):
        fk: dict[str, Any] = {
            "columns": [draw(st.sampled_from(names))],
            "references": {"table": "parent", "columns": ["id"]},
        }
        action = draw(st.sampled_from([None, "cascade", "SET NULL", "no action"]))
        if action:
            fk["onDelete"] = action
        if draw(st.booleans()):
            fk["name"] = "to_parent"
        block["foreignKeys"] = [fk]
    return block


EXPORTED = """
create table users (id integer primary key autoincrement, login text not null default 'x',
  score real default 1.5, bio, born datetime default CURRENT_TIMESTAMP);
create table projects (owner integer not null, slug varchar(40) not null,
  title text default 'it''s', primary key (owner, slug),
  constraint projects_owner foreign key (owner) references users (id) on delete cascade);
create table members (user_id integer references users, project_slug text,
  project_owner integer, foreign key (project_owner, project_slug)
  references projects (owner, slug) on delete set null) strict;
create index members_user on members (user_id);
create unique index idx_members_project on members (project_owner, project_slug);
create index partial_login on users (login) where login <> 'x';
create index lower_login on users (lower(login));
"""
"""Tables of every kind of column, key and index `generate` meets; partial and expression
indexes cannot be exported."""
