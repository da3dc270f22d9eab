"""The database's own attributes, compared apart from the objects in it.

Some engines give a database defaults of its own (MySQL: character set and collation) that no
spec object describes: the Database's connection asks for them. What they are and how two of
them compare is engine-specific, so the engine's session reports them, as they are and as the
connection asks (an Inspection's `database`), and the engine's `Hooks.same_database` compares
them; the diff then starts with one ModifyDatabase. An engine without such attributes reports
nothing, and the diff never looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemahero.diffing.hooks import Hooks
from schemahero.schema.changes import ModifyDatabase
from schemahero.schema.model import Attrs


@dataclass(frozen=True)
class DatabaseAttrs:
    """One database's own attributes: `live` as it has them, `wanted` as the connection asks
    (only the attributes it names, as written: an attribute it leaves out is kept)."""

    name: str
    live: Attrs
    wanted: Attrs


def diff_database(database: DatabaseAttrs, hooks: Hooks) -> list[ModifyDatabase]:
    if hooks.same_database(database.live, database.wanted):
        return []
    return [ModifyDatabase(database.name, database.live, database.wanted)]
