"""A raw script's transactions (`apply --ddl`), as rqlite can run them: one request each.

rqlite has no transaction a client can hold between requests: a BEGIN sent alone would stay
open on the node's one writing connection, with every other client's writes inside it. So a
script's BEGIN ... COMMIT becomes one transactional request without those two statements, a
statement outside any transaction a request of its own, and a block the script rolls back is
not sent at all. Misplaced control statements fail as SQLite would fail them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemahero.drivers.sqlite.create_text import Token, tokens


class Outcome(enum.Enum):
    RUN = "run"
    """Send `sent` as one transactional request."""
    DISCARDED = "discarded"
    """The script rolls the block back (its last statement): send nothing."""
    FAILED = "failed"
    """The last statement fails without being sent (`message`); the script stops there."""


@dataclass(frozen=True)
class Batch:
    steps: tuple[int, ...]
    """Positions in the script of every statement the batch covers, in order."""
    sent: tuple[int, ...]
    """Those that go to the node: all but BEGIN, COMMIT and ROLLBACK."""
    outcome: Outcome
    message: str = ""


class _Control(enum.Enum):
    BEGIN = "begin"
    COMMIT = "commit"
    ROLLBACK = "rollback"


def batches(script: Sequence[str]) -> Iterator[Batch]:
    """The requests that run `script`, in order; nothing follows a FAILED batch."""
    block: list[int] | None = None
    for position, sql in enumerate(script):
        control = _control(sql)
        if block is None:
            if control is _Control.BEGIN:
                block = [position]
            elif control is None:
                yield Batch((position,), (position,), Outcome.RUN)
            else:
                yield Batch((position,), (), Outcome.FAILED, _NO_TRANSACTION[control])
                return
            continue
        block.append(position)
        if control is _Control.BEGIN:
            yield Batch(tuple(block), (), Outcome.FAILED, "cannot start a transaction within a transaction")
            return
        if control is not None:
            outcome = Outcome.RUN if control is _Control.COMMIT else Outcome.DISCARDED
            yield Batch(tuple(block), tuple(block[1:-1]), outcome)
            block = None
    if block is not None:
        ended = "the script ended inside a transaction, which was rolled back"
        yield Batch(tuple(block), (), Outcome.FAILED, ended)


_NO_TRANSACTION = {
    _Control.COMMIT: "cannot commit - no transaction is active",
    _Control.ROLLBACK: "cannot rollback - no transaction is active",
}


def _control(sql: str) -> _Control | None:
    """BEGIN [...], COMMIT or END [TRANSACTION], ROLLBACK [TRANSACTION] (not ROLLBACK TO)."""
    first, *rest = tokens(sql)[:3] or [Token("punct", ";")]
    if first.kind != "word":
        return None
    if first.is_("begin"):
        return _Control.BEGIN
    if first.is_("commit") or first.is_("end"):
        return _Control.COMMIT
    if first.is_("rollback") and not any(t.is_("to") for t in rest):
        return _Control.ROLLBACK
    return None
