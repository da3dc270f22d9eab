"""The driver's own statements, sent around the plan's: none of them is ever part of a plan."""

from __future__ import annotations

SQLITE_VERSION = "select sqlite_version()"

SCHEMA_VERSION = "select schema_version from pragma_schema_version"
"""SQLite's schema cookie: every change to the schema changes it."""

LEGACY_ALTER_ON = "pragma legacy_alter_table = on"
"""Renaming a table (a rebuild's first step) leaves other tables' foreign keys alone. rqlite
keeps the pragma on its one writing connection from request to request, so every write request
turns it on first and off again last, for the node's other clients."""

LEGACY_ALTER_OFF = "pragma legacy_alter_table = off"


def unchanged_schema(version: int) -> str:
    """A statement that fails, and with it the transaction it opens, unless the schema version
    is still `version`. SQLite's RAISE() works only in triggers; json() of text that is not
    JSON fails anywhere."""
    return (
        f"select case when schema_version = {int(version)} then 0 else json('schema changed') end"
        " from pragma_schema_version"
    )
