"""How CQL identifiers are printed: quoted with ", or bare where CQL reads them the same."""

from __future__ import annotations

from dataclasses import dataclass

from schemahero.drivers._sql import Quoter

_RESERVED = """
    add allow alter and apply asc authorize batch begin by columnfamily create delete desc
    describe drop entries execute from full grant if in index infinity insert into is keyspace
    limit materialized modify nan norecursive not null of on or order primary rename revoke
    schema select set table to token truncate unlogged update use using view where with
"""
RESERVED = frozenset(_RESERVED.split())
"""Cassandra 5.0's reserved keywords (its cql3/reserved_keywords.txt), lowercase. Unreserved
keywords (login, key, type, ...) read as identifiers where a name is expected."""


@dataclass(frozen=True)
class CqlQuoter(Quoter):
    """A bare CQL identifier starts with a letter: a leading underscore needs quotes."""

    def when_needed(self, name: str) -> str:
        return self.always(name) if name.startswith("_") else super().when_needed(name)


QUOTE = CqlQuoter('"', RESERVED)
