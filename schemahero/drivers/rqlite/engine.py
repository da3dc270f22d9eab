"""The rqlite engine: the SQLite engine under its own name, over a node's HTTP API.

Specs, diff hooks, statements, inspection and export are SQLite's. What differs: sessions talk
HTTP (session.py), and plans carry no BEGIN and COMMIT around a rebuild, as upstream plans
for rqlite, since a request is the transaction there.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero.driver_api.types import Connection, Step, StepKind
from schemahero.drivers.rqlite.session import RqliteSession, connect
from schemahero.drivers.sqlite.engine import SqliteEngine
from schemahero.schema.changes import Change

_OWN_TRANSACTION = frozenset({StepKind.BEGIN, StepKind.COMMIT})


class RqliteEngine(SqliteEngine):
    """SQLite tables in an rqlite cluster: `spec.schema.rqlite` blocks."""

    def __init__(self) -> None:
        super().__init__("rqlite")

    def connect(self, connection: Connection) -> RqliteSession:
        return connect(connection)

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return [step for step in super().render(changes) if step.kind not in _OWN_TRANSACTION]
