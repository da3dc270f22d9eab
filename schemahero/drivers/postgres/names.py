"""PostgreSQL identifiers: the shared Quoter with the words PostgreSQL will not read bare."""

from __future__ import annotations

from schemahero.drivers._sql import Quoter

_RESERVED_WORDS = """
all analyse analyze and any array as asc asymmetric authorization binary both case cast
check collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user default
deferrable desc distinct do else end except false fetch for foreign freeze from full grant
group having ilike in initially inner intersect into is isnull join lateral leading left
like limit localtime localtimestamp natural not notnull null offset on only or order outer
overlaps placing primary references returning right select session_user similar some
symmetric table tablesample then to trailing true union unique user using variadic verbose
when where window with
"""
RESERVED = frozenset(_RESERVED_WORDS.split())
"""PostgreSQL 15's reserved keywords and those that cannot name a table or a column."""

QUOTE = Quoter('"', RESERVED)


def qualified(name: str, schema: str = "", *, always: bool = True) -> str:
    """`schema.name`, or the bare name when the object lives in the connection's schema."""
    quote = QUOTE.always if always else QUOTE.when_needed
    return f"{quote(schema)}.{quote(name)}" if schema else quote(name)
