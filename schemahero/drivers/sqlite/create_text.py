"""What only the CREATE TABLE text tells: foreign key names and AUTOINCREMENT.

The pragmas give everything else; this reads the text SQLite keeps in sqlite_master just far
enough to find `CONSTRAINT name ... REFERENCES` and `AUTOINCREMENT`, with SQLite's own rules for
quoted names, strings and comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
      (?P<space>\s+|--[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<name>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?)
    | (?P<word>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_$\x80-\U0010ffff]*)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_TABLE_CONSTRAINTS = frozenset({"constraint", "primary", "unique", "check", "foreign"})


@dataclass(frozen=True)
class Token:
    kind: str
    """word (a bare name or a keyword), name (quoted), string or punct."""
    text: str
    """A name without its quotes, a word as written, one punctuation character."""

    def is_(self, keyword: str) -> bool:
        return self.kind == "word" and self.text.lower() == keyword

    def punct(self, char: str) -> bool:
        return self.kind == "punct" and self.text == char


@dataclass(frozen=True)
class ForeignKeyText:
    name: str | None
    columns: tuple[str, ...]
    ref_table: str


@dataclass
class TableText:
    foreign_keys: list[ForeignKeyText] = field(default_factory=list)
    """In declaration order."""
    autoincrement: set[str] = field(default_factory=set)
    """Columns declared AUTOINCREMENT."""


def read_create_table(sql: str) -> TableText:
    """The foreign keys and AUTOINCREMENT columns of a CREATE TABLE statement."""
    found = TableText()
    for definition in _definitions(tokens(sql)):
        head = definition[0]
        if head.kind == "word" and head.text.lower() in _TABLE_CONSTRAINTS:
            _table_constraint(definition, found)
        else:
            _column(definition, found)
    return found


def tokens(sql: str) -> list[Token]:
    """The tokens of `sql`, comments and white space left out."""
    found: list[Token] = []
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup or "punct", match.group()
        if kind == "space":
            continue
        if kind == "name":
            close = "]" if text[0] == "[" else text[0]
            inner = text[1:-1] if len(text) > 1 and text.endswith(close) else text[1:]
            text = inner if close == "]" else inner.replace(close * 2, close)
        found.append(Token(kind, text))
    return found


def _definitions(all_tokens: list[Token]) -> list[list[Token]]:
    """The column and constraint definitions between the outer parentheses, split at commas."""
    start = next((i for i, t in enumerate(all_tokens) if t.punct("(")), len(all_tokens))
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in all_tokens[start + 1 :]:
        if token.punct("("):
            depth += 1
        elif token.punct(")"):
            if depth == 0:
                break
            depth -= 1
        elif token.punct(",") and depth == 0:
            parts.append([])
            continue
        parts[-1].append(token)
    return [part for part in parts if part]


def _table_constraint(definition: list[Token], found: TableText) -> None:
    named = definition[0].is_("constraint") and len(definition) > 1
    keyword = _find(definition, "foreign")
    references = _find(definition, "references")
    if keyword is None or references is None or references + 1 >= len(definition):
        return
    found.foreign_keys.append(
        ForeignKeyText(
            definition[1].text if named else None,
            _parenthesised(definition[keyword:references]),
            definition[references + 1].text,
        )
    )


def _column(definition: list[Token], found: TableText) -> None:
    column = definition[0].text
    for i, token in enumerate(definition):
        if token.is_("autoincrement"):
            found.autoincrement.add(column)
        elif token.is_("references") and i + 1 < len(definition):
            named = i >= 2 and definition[i - 2].is_("constraint")
            name = definition[i - 1].text if named else None
            found.foreign_keys.append(ForeignKeyText(name, (column,), definition[i + 1].text))


def _find(definition: list[Token], keyword: str) -> int | None:
    return next((i for i, t in enumerate(definition) if t.is_(keyword)), None)


def _parenthesised(part: list[Token]) -> tuple[str, ...]:
    """The names in the first parentheses of `part`: `(a, "b")` -> (a, b)."""
    start = next((i for i, t in enumerate(part) if t.punct("(")), len(part))
    names: list[str] = []
    for token in part[start + 1 :]:
        if token.punct(")"):
            break
        if token.kind in ("word", "name"):
            names.append(token.text)
    return tuple(names)
