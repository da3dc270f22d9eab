"""Approved Migrations that could not be applied yet (their database missing, down or locked by
another apply): names in memory, tried again by one timer per Database (handlers.py).

Not a kopf timer per Migration: that costs a task, the Migration's whole body kept by kopf, and
two finalizer PATCHes on every Migration, where Databases are few. Nothing here outlives the
process, and need not: after a restart kopf lists every Migration and its event handler decides
again, which refills this.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Retries:
    clock: Callable[[], float] = time.monotonic
    _waiting: dict[tuple[str, str], tuple[str, float | None]] = field(default_factory=dict)
    """(namespace, Migration) -> its Database and the end of its last attempt (None: under way)."""

    def attempting(self, namespace: str, name: str, database: str) -> None:
        """An attempt begins: not due again until it ends unsettled."""
        self._waiting[(namespace, name)] = (database, None)

    def ended(self, namespace: str, name: str, *, settled: bool) -> None:
        """Settled: applied, refused for good, or left to the next change of the Migration."""
        key = (namespace, name)
        if settled:
            self._waiting.pop(key, None)
        elif key in self._waiting:
            self._waiting[key] = (self._waiting[key][0], self.clock())

    def forget(self, namespace: str, name: str) -> None:
        self._waiting.pop((namespace, name), None)

    def due(self, namespace: str, database: str, interval: float) -> list[str]:
        """The Migrations of this Database whose last attempt ended `interval` seconds ago or more,
        the longest waiting first."""
        now = self.clock()
        found = [
            (ended, name)
            for (ns, name), (db, ended) in self._waiting.items()
            if ns == namespace and db == database and ended is not None and now - ended >= interval
        ]
        return [name for _, name in sorted(found)]
