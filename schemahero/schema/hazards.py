"""Hazards: what a planned statement may do besides changing the schema."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class HazardKind(enum.StrEnum):
    DELETES_DATA = "deletes-data"
    """Drops a table or a column, or narrows a type: rows or values are lost."""
    REWRITES_TABLE = "rewrites-table"
    """Copies every row into a new table (an SQLite rebuild, a PostgreSQL type change)."""
    EXCLUSIVE_LOCK = "exclusive-lock"
    """Holds a lock that blocks reads or writes for a time that grows with the table."""
    BUILDS_INDEX = "builds-index"
    """Builds an index over existing rows."""
    MAY_FAIL_ON_DATA = "may-fail-on-data"
    """Fails if existing rows break it: NOT NULL over NULLs, UNIQUE over duplicates."""
    CHANGES_DATA = "changes-data"
    """Writes rows: seed data, a backfill."""
    RENAMES = "renames"
    """Renames a table or a column: clients that still use the old name fail."""


@dataclass(frozen=True)
class Hazard:
    kind: HazardKind
    message: str

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.message}"
