"""Every upstream rqlite case at driver level: plan (exact), apply, plan again (empty).

Each case is applied both ways a plan reaches the node: as a planned apply (one transactional
request, stale check) and as a script (`apply --ddl`, a request per statement).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemahero.driver_api import Connection, Driver, Step, StepKind, StepStatus
from schemahero.schema import documents
from tests.compat.corpus import Case, Verdict, cases, score
from tests.integration.rqlite.conftest import plan

CASES = [pytest.param(c, id=c.id) for c in cases({"rqlite"}) if c.command == "plan"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("planned", [True, False], ids=["planned", "script"])
def test_case(
    case: Case,
    planned: bool,
    driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
) -> None:
    if case.fixtures:
        load(case.fixtures)
    assert case.spec is not None and case.expect is not None
    objects = documents.load(case.spec, case.spec_type)

    first = plan(driver, connection, objects)
    verdict = score(case.expect, "".join(f"{step.sql};\n" for step in first.steps))
    assert verdict is Verdict.EXACT, [step.sql for step in first.steps]

    if planned:
        results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    else:
        raw = [Step(step.sql, StepKind.RAW) for step in first.steps]
        results = list(driver.apply(connection, raw))
    assert [r.status for r in results] == [StepStatus.APPLIED] * len(first.steps), results
    assert not plan(driver, connection, objects).steps


def test_every_case_is_here() -> None:
    assert len(CASES) == len(list(Path(cases({"rqlite"})[0].folder.parent).iterdir())) == 37
