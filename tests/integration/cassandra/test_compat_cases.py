"""Every upstream Cassandra case at driver level: plan (exact), apply, plan again (empty).

Upstream ran its cases in the keyspace `schemahero`, and seed rows print their keyspace, so the
cases run there too. Where Cassandra 5 refuses a golden, the case's corrected files under
tests/compat/corrections are used (see the README there). The plans are applied as planned (with
the stale check); tests/compat replays the same cases through the CLI's `apply --ddl`.
change-column-type is refused: Cassandra cannot change a column's type.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemahero.driver_api import Connection, Driver, StepStatus
from schemahero.schema import documents
from schemahero.schema.diagnostics import Severity
from tests.compat.corpus import Case, Verdict, cases, score
from tests.conftest import Servers
from tests.integration.cassandra.conftest import plan
from tests.servers.base import TestDatabase

CORRECTIONS = Path(__file__).resolve().parents[2] / "compat/corrections"
CASES = [pytest.param(c, id=c.id) for c in cases({"cassandra"}) if c.command == "plan"]


def corrected(case: Case, name: str, upstream: str) -> str:
    """The case's file as corrected for Cassandra 5, else upstream's."""
    correction = CORRECTIONS / case.id / name
    return correction.read_text() if correction.exists() else upstream


@pytest.fixture
def keyspace(servers: Servers) -> TestDatabase:
    """The keyspace `schemahero`, empty, as upstream's cases expect."""
    server = servers.server("cassandra")
    if isinstance(server, str):
        pytest.skip(server)
    return server.new_database("schemahero")


@pytest.mark.parametrize("case", CASES)
def test_case(case: Case, driver: Driver, keyspace: TestDatabase) -> None:
    connection = Connection("", dict(keyspace.params))
    keyspace.load(corrected(case, "fixtures.sql", case.fixtures))
    assert case.spec is not None and case.expect is not None
    objects = documents.load(case.spec, case.spec_type)
    if case.id == "cassandra/change-column-type":
        refused = driver.plan(connection, objects)
        errors = [d for d in refused.diagnostics if d.severity is Severity.ERROR]
        assert not refused.steps and [(d.code, d.path) for d in errors] == [
            ("cannot-change-type", "spec.schema.cassandra.columns[1].type")
        ]
        return

    first = plan(driver, connection, objects)
    text = "".join(f"{step.sql};\n" for step in first.steps)
    assert score(corrected(case, "expect.sql", case.expect), text) is Verdict.EXACT, text
    results = list(driver.apply(connection, first.steps, first.source_hash, objects))
    assert [r.status for r in results] == [StepStatus.APPLIED] * len(first.steps), results
    assert not plan(driver, connection, objects).steps


def test_every_case_is_here() -> None:
    assert len(CASES) == 8
