"""Order changes so that each statement finds what it needs.

Spec order is kept wherever dependencies allow it (plans read like the specs): a table is
created after the tables its foreign keys reference, dropped before them, and seed rows go in
after their table exists. In a foreign-key cycle the first table in spec order is created
last; an engine that checks references at creation time splits such keys out when rendering.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemahero.schema.changes import Change, CreateTable, DropObject, DropTable, UpsertRows, change_ref
from schemahero.schema.model import ObjectRef

_CREATE_RANK = {"database": -2, "extension": 0, "type": 1, "function": 2, "table": 3, "view": 4}
_DROP_RANK = {"view": -1, "table": 3, "function": 5, "type": 6, "extension": 7}
"""Kinds are created in this order (as pg_dump does: functions before the tables whose triggers
use them; an engine that checks function bodies defers that check) and dropped in reverse; the
database's own defaults change first, so that what the plan creates inherits the new ones."""


def order(changes: Sequence[Change]) -> list[Change]:
    """A stable topological order of `changes` by the dependencies described above."""
    changes = sorted(changes, key=_rank)
    after: dict[int, set[int]] = {i: set() for i in range(len(changes))}
    created = {c.table.ref: i for i, c in enumerate(changes) if isinstance(c, CreateTable)}
    dropped = {c.table.ref: i for i, c in enumerate(changes) if isinstance(c, DropTable)}
    for i, change in enumerate(changes):
        if isinstance(change, CreateTable):
            for ref in _references(change):
                if ref in created and created[ref] != i:
                    after[i].add(created[ref])
        elif isinstance(change, DropTable):
            for ref in _references(change):
                if ref in dropped and dropped[ref] != i:
                    after[dropped[ref]].add(i)
        elif isinstance(change, UpsertRows) and change.table in created:
            after[i].add(created[change.table])
    return [changes[i] for i in _stable_sort(after)]


def _rank(change: Change) -> int:
    ranks = _DROP_RANK if isinstance(change, DropTable | DropObject) else _CREATE_RANK
    return ranks.get(change_ref(change).kind, 3)


def _references(change: CreateTable | DropTable) -> set[ObjectRef]:
    table = change.table
    return {ObjectRef("table", fk.ref_table, fk.ref_schema or table.schema) for fk in table.foreign_keys} - {
        change_ref(change)
    }


def _stable_sort(after: dict[int, set[int]]) -> list[int]:
    """Depth-first, dependencies before dependents, ties in index order; a cycle is cut where it
    closes. Iterative, so that a chain of thousands of foreign keys does not exhaust the stack."""
    done: list[int] = []
    placed: set[int] = set()
    for root in sorted(after):
        stack = [(root, iter(sorted(after[root])))]
        visiting = {root}
        while stack:
            node, dependencies = stack[-1]
            nxt = next((d for d in dependencies if d not in placed and d not in visiting), None)
            if nxt is None:
                stack.pop()
                visiting.discard(node)
                if node not in placed:
                    placed.add(node)
                    done.append(node)
            else:
                visiting.add(nxt)
                stack.append((nxt, iter(sorted(after[nxt]))))
    return done
