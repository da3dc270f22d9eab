"""Quoting identifiers: always, or only where a bare name would be read differently.

Upstream prints some names quoted (`create table "users"`) and others bare (`on users (email)`);
plans keep that text, so a driver chooses per position. A bare name is only printed when the
engine cannot read it as anything else: plain lowercase, not a keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Quoter:
    """An engine's identifier quoting: its quote mark and the words it reserves (lowercase)."""

    mark: str = '"'
    keywords: frozenset[str] = frozenset()

    def always(self, name: str) -> str:
        """`name` quoted, with the quote mark doubled inside it."""
        if "\x00" in name:
            raise ValueError(f"an identifier cannot hold a NUL character: {name!r}")
        return self.mark + name.replace(self.mark, self.mark * 2) + self.mark

    def when_needed(self, name: str) -> str:
        """`name` bare when it is plain lowercase and not a keyword, else quoted."""
        if _PLAIN.match(name) and name not in self.keywords:
            return name
        return self.always(name)

    def join(self, names: tuple[str, ...] | list[str], *, always: bool = False) -> str:
        """Names separated by `, ` (a column list)."""
        quote = self.always if always else self.when_needed
        return ", ".join(quote(n) for n in names)
