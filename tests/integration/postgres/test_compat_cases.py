"""Every upstream postgres and timescaledb case at driver level: plan (exact or equivalent),
apply (planned, and as raw statements like `apply --ddl`), plan again (empty).

Cases that cannot run as upstream ran them are not skipped: each has a documented expectation
that is checked instead (see EXPECTATIONS and the tests below it).
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from schemahero.driver_api import Connection, Driver, ExportScope, Step, StepKind, StepStatus
from schemahero.schema import documents
from schemahero.schema.diagnostics import Severity
from tests.compat.corpus import ROOT, Case, Verdict, cases, score
from tests.integration.postgres.conftest import plan

NOT_EXACT: dict[str, str] = {
    "postgres/column-set-default": "upstream printed the column statements in reverse declaration "
    "order (an unordered information_schema query); the timescaledb golden of the same case has "
    "declaration order, which this driver prints",
    "postgres/column-unset-default": "the same column order accident as postgres/column-set-default",
}
"""Case id -> why its plan is equivalent to the golden but not the same text."""

NEEDS_TIMESCALEDB = {
    "timescaledb/create-materialized-view": "its fixtures call create_hypertable",
    "timescaledb/drop-materialized-view": "its fixtures call create_hypertable",
}
"""Cases whose fixtures need the timescaledb extension, which Debian bookworm does not package:
their plans are checked against the goldens offline (tests/unit/drivers/postgres)."""

HYPERTABLE_PLANS = {"timescaledb/create-table": 3}
"""Cases whose plan creates a hypertable: exact, and applied up to the first TimescaleDB
statement (index), which plain PostgreSQL refuses because create_hypertable does not exist."""

REFUSED = {
    "postgres/index-with-clause": "spec.schema.postgres.indexes[1].with.gin_pending_list_limit",
}
"""Cases upstream never ran whose golden is not valid PostgreSQL: the plan is refused with a
diagnostic at this path instead (the golden's refusal by the server is checked below)."""

ALL = [c for c in cases({"postgres", "timescaledb"}) if c.command == "plan"]
RUN = [
    pytest.param(c, id=c.id)
    for c in ALL
    if c.expect is not None and c.id not in NEEDS_TIMESCALEDB and c.id not in REFUSED
]


@pytest.mark.parametrize("case", RUN)
@pytest.mark.parametrize("planned", [True, False], ids=["planned", "script"])
def test_case(
    case: Case,
    planned: bool,
    *,
    driver: Driver,
    timescale_driver: Driver,
    connection: Connection,
    load: Callable[[str], None],
) -> None:
    engine = timescale_driver if case.engine == "timescaledb" else driver
    load(case.fixtures)  # pgvector's stand-in comes from tests/compat/corrections
    assert case.spec is not None and case.expect is not None
    objects = documents.load(case.spec, case.spec_type)

    first = plan(engine, connection, objects)
    text = "".join(f"{step.sql};\n" for step in first.steps)
    verdict = score(case.expect, text)
    assert verdict is (Verdict.EQUIVALENT if case.id in NOT_EXACT else Verdict.EXACT), text

    if planned:
        results = list(engine.apply(connection, first.steps, first.source_hash, objects))
    else:
        results = list(engine.apply(connection, [Step(s.sql, StepKind.RAW) for s in first.steps]))
    if case.id in HYPERTABLE_PLANS:
        failed = [r for r in results if r.status is StepStatus.FAILED]
        assert [r.index for r in failed] == [HYPERTABLE_PLANS[case.id]], results
        assert "create_hypertable" in failed[0].message and "does not exist" in failed[0].message
        return
    assert [r.status for r in results] == [StepStatus.APPLIED] * len(first.steps), results
    assert not plan(engine, connection, objects).steps


@pytest.mark.parametrize("case_id", sorted(REFUSED))
def test_invalid_golden_is_refused(
    case_id: str, driver: Driver, connection: Connection, load: Callable[[str], None]
) -> None:
    case = next(c for c in ALL if c.id == case_id)
    assert case.spec is not None and case.expect is not None and not case.upstream_ran
    objects = documents.load(case.spec, case.spec_type)
    refused = driver.plan(connection, objects)
    errors = [d for d in refused.diagnostics if d.severity is Severity.ERROR]
    assert not refused.steps and [d.path for d in errors] == [REFUSED[case_id]]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="gin_pending_list_limit"):
        for statement in case.expect.split(";\n"):
            load(statement)


def test_multi_schema_generate(driver: Driver, connection: Connection, load: Callable[[str], None]) -> None:
    """`generate --schema test --schema public` writes the case's specs; they plan to nothing."""
    folder = ROOT / "postgres/multi-schema-support"
    load((folder / "fixtures.sql").read_text())
    exported = driver.export_spec(connection, ExportScope(schemas=("test", "public")))
    wanted = {_key(o.spec): o.spec for o in documents.load(folder / "specs")}
    assert {_key(o.spec): _normal(o.spec) for o in exported} == {k: _normal(v) for k, v in wanted.items()}
    assert not plan(driver, connection, exported).steps
    assert not driver.export_spec(connection, ExportScope(schemas=("nothing_here",)))


def test_every_case_has_an_outcome() -> None:
    ids = {c.id for c in ALL}
    assert len(ALL) == 30 + 20
    accounted = (
        {p.id for p in RUN} | set(NEEDS_TIMESCALEDB) | set(REFUSED) | {"postgres/multi-schema-support"}
    )
    assert accounted == ids
    needs = {c.id for c in ALL if "create_hypertable" in c.fixtures}
    assert needs == set(NEEDS_TIMESCALEDB)


def _key(spec: object) -> tuple[str, str]:
    assert isinstance(spec, dict)
    block = spec["schema"]["postgres"]
    return block["schema"], spec["name"]


def _normal(spec: object) -> object:
    """A spec without the fields that name its Database rather than describe the table."""
    assert isinstance(spec, dict)
    return {k: v for k, v in spec.items() if k not in ("database", "requires")}
