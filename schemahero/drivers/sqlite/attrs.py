"""The SQLite facts kept in the model's open `attrs`, by key."""

from __future__ import annotations

STRICT = "strict"
"""Table: declared STRICT (types enforced)."""

SPEC_DIGEST = "spec_digest"
"""Table, desired only: the digest that names a rebuild's temporary table (see digests.py)."""

CONSTRAINT = "constraint"
"""Index: made by SQLite for a UNIQUE constraint (sqlite_autoindex_*); only a rebuild drops it."""

PARTIAL = "partial"
"""Index: has a WHERE clause, which specs cannot describe."""

EXPRESSION = "expression"
"""Index: on an expression, which specs cannot describe."""

DEFINITION = "definition"
"""Index that specs cannot describe (partial or on an expression): its CREATE INDEX text as
SQLite keeps it. Such an index is left alone, and created again after a rebuild."""
