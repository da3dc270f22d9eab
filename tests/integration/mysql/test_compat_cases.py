"""Every upstream MySQL case at driver level on MariaDB: plan (exact or equivalent), apply, plan again.

The goldens were recorded on MySQL 8.0. A case whose plan is not the golden's text is listed in
DIFFERENCES with the reason and what the golden becomes on MariaDB; a case not listed must be
exact. Each case is applied both ways a plan reaches the database: planned (lock, stale check)
and as raw statements (`apply --ddl`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from schemahero.schema import documents
from tests.compat.corpus import Case, Verdict, cases, score
from tests.integration.mysql.conftest import plan

SERVER_COLLATION = "<the server's default utf8mb4 collation>"


@dataclass(frozen=True)
class Difference:
    reason: str
    printed: tuple[tuple[str, str], ...] = ()
    """Printing differences: (golden text, MariaDB's text)."""
    extra: tuple[str, ...] = ()
    """Statements the plan has on MariaDB besides the golden's."""


DIFFERENCES: dict[str, Difference] = {
    "mysql/remove-charset": Difference(
        "printing: the golden names utf8mb4_0900_ai_ci, MySQL 8.0's default utf8mb4 collation, "
        "which MariaDB lacks; the table goes to the server's default collation instead",
        printed=(("utf8mb4_0900_ai_ci", SERVER_COLLATION),),
    ),
    "mysql/foreign-key-drop": Difference(
        "MariaDB honours the column-level `references projects(id)` of the fixture, which "
        "MySQL 8.0 ignores: the live table has a foreign key, and the index MariaDB made for it, "
        "that the spec (no foreignKeys, no indexes) does not have",
        extra=(
            "alter table `org` drop foreign key `org_ibfk_1`",
            "alter table `org` drop index `project_id`",
        ),
    ),
    "mysql/foreign-key-alter": Difference(
        "MariaDB honours the column-level `references users(id)` of the fixture, which MySQL "
        "8.0 ignores: that foreign key is not in the spec (its index serves the new one)",
        extra=("alter table `issues` drop foreign key `issues_ibfk_1`",),
    ),
    "mysql/add-collation": Difference(
        "upstream's plan does not converge: CONVERT TO turns projects.data into utf16 while the "
        "spec keeps it latin1, so the column's own character set is set again after it",
        extra=("alter table `projects` modify column `data` varchar (255) character set latin1 not null",),
    ),
}
"""Case id -> how its plan differs from the golden on MariaDB, and why."""

CASES = [pytest.param(c, id=c.id) for c in cases({"mysql"}) if c.command == "plan"]


def golden(case: Case) -> str:
    """Upstream's expect.sql (not a correction of tests/compat/corrections: this file says why)."""
    return (case.folder / "expect.sql").read_text()


def expected(case: Case, query: Callable[[str], list[tuple[Any, ...]]]) -> str:
    """The golden as it reads on this server."""
    difference = DIFFERENCES.get(case.id)
    text = golden(case)
    if difference is None:
        return text
    for upstream, printed in difference.printed:
        text = text.replace(upstream, str(query(COLLATION)[0][0]) if printed == SERVER_COLLATION else printed)
    return text + "".join(f"{sql};\n" for sql in difference.extra)


COLLATION = (
    "SELECT DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'"
)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("planned", [True, False], ids=["planned", "script"])
def test_case(
    case: Case,
    planned: bool,
    *,
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
    query: Callable[[str], list[tuple[Any, ...]]],
) -> None:
    load(case.fixtures)
    assert case.spec is not None
    objects = documents.load(case.spec, case.spec_type)

    first = plan(driver, connection, objects)
    text = "".join(f"{step.sql};\n" for step in first.steps)
    if case.id in DIFFERENCES:
        assert score(golden(case), text) is not Verdict.EXACT, f"{case.id} is exact: unlist it"
        assert score(expected(case, query), text) is not Verdict.DIFFERENT, text
    else:
        assert score(golden(case), text) is Verdict.EXACT, text

    if planned:
        results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    else:
        raw = [Step(step.sql, StepKind.RAW) for step in first.steps]
        results = list(driver.apply(connection, raw))
    assert [r.status for r in results] == [StepStatus.APPLIED] * len(first.steps), results
    assert not plan(driver, connection, objects).steps


def test_every_case_is_here() -> None:
    folders = {c.folder.parent for c in cases({"mysql"}) if c.command == "plan"}
    assert len(CASES) == len([p for f in folders for p in f.iterdir()]) == 35
