"""Every upstream case replayed through the CLI: plan, score, apply, plan again (empty).

Engines are taken from the installed drivers; cockroach is not an engine of this project.
Cases that are equivalent but not exact are listed in NOT_EXACT with the reason; a case not
listed must be exact, so that a regression from exact to equivalent fails.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from schemahero.cli.main import main
from schemahero.plugins import engines
from tests.compat.corpus import Case, Verdict, cases, score
from tests.conftest import Servers
from tests.servers.base import TestDatabase

NOT_EXACT: dict[str, str] = {
    "postgres/column-set-default": "column statements in declaration order; upstream's postgres "
    "golden lists them in reverse by accident (its timescaledb golden of the same case does not)",
    "postgres/column-unset-default": "as postgres/column-set-default",
}
"""Case id -> why its plan is equivalent to the golden but not the same text."""

NOT_REPLAYED: dict[str, str] = {
    "timescaledb/create-materialized-view": "its fixtures call create_hypertable, which needs the "
    "TimescaleDB extension that no package here provides; replayed offline against the model the "
    "fixtures would create in tests/integration/postgres/test_compat_cases.py",
    "timescaledb/drop-materialized-view": "as timescaledb/create-materialized-view",
}
"""Case id -> why it cannot be replayed on the servers here (not collected, listed instead)."""

NEEDS_TIMESCALEDB = {"timescaledb/create-table": "create_hypertable"}
"""Case id -> the TimescaleDB function its plan calls: the plan is scored, and applying it on
plain PostgreSQL must stop exactly there."""

REFUSED: dict[str, tuple[str, str]] = {
    "postgres/index-with-clause": (
        "gin_pending_list_limit is not a storage parameter of btree indexes",
        "upstream never ran this case; its golden is not valid PostgreSQL (PostgreSQL refuses "
        "gin_pending_list_limit on a btree index), so the spec is refused with a diagnostic",
    ),
    "cassandra/change-column-type": (
        "Cassandra cannot change the type of column login (int to bigint)",
        "Cassandra cannot alter a column's type: it answers upstream's golden (alter table users "
        "alter login type bigint) with 'Altering column types is no longer supported'; upstream ran "
        "this case plan-only for that reason",
    ),
}
"""Case id -> (what the plan's diagnostic says, why): specs the engine cannot carry out, which
must be refused with a diagnostic and change nothing, where upstream printed a statement that
the server then rejects."""

UPSTREAM_NAMES = {"cassandra": "schemahero"}
"""Engines whose goldens print the database's name: the cases run in upstream's."""

CASES = cases(set(engines()))


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def connection_flags(database: TestDatabase) -> list[str]:
    if database.driver == "cassandra":
        hosts = database.params["hosts"].split(",")
        flags = [*(f"--host={h}" for h in hosts), "--keyspace", database.params["keyspace"]]
        credentials = ("username", "password")
        return flags + [f"--{key}={database.params[key]}" for key in credentials if key in database.params]
    return ["--uri", database.uri]


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.command == "plan" and c.spec and c.id not in NOT_REPLAYED],
    ids=lambda c: c.id,
)
def test_plan_apply_converge(
    case: Case, servers: Servers, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = servers.database(case.engine, UPSTREAM_NAMES.get(case.engine))
    if case.fixtures:
        database.load(case.fixtures)
    flags = ["--driver", case.driver, *connection_flags(database)]
    assert case.spec is not None
    plan = [
        "plan",
        "--seed-data",
        *flags,
        "--spec-file",
        str(case.spec),
        "--spec-type",
        case.spec_type,
    ]

    if case.id in REFUSED:
        said, _ = REFUSED[case.id]
        capsys.readouterr()
        assert cli(*plan) == (1, ""), "a plan the engine cannot carry out was not refused"
        assert said in capsys.readouterr().err
        return
    code, planned = cli(*plan)
    assert code == 0, "plan failed"
    if case.expect is not None:
        verdict = score(case.expect, planned)
        assert verdict is not Verdict.DIFFERENT, f"expected:\n{case.expect}\nplanned:\n{planned}"
        expected = Verdict.EQUIVALENT if case.id in NOT_EXACT else Verdict.EXACT
        assert verdict is expected, f"{case.id} is {verdict}, listed as {expected}:\n{planned}"

    ddl = tmp_path / "plan.sql"
    ddl.write_text(planned)
    if case.id in NEEDS_TIMESCALEDB:
        capsys.readouterr()
        assert cli("apply", *flags, "--ddl", str(ddl))[0] == 1
        assert f"function {NEEDS_TIMESCALEDB[case.id]}(" in capsys.readouterr().err
        return
    assert cli("apply", *flags, "--ddl", str(ddl))[0] == 0, "applying the plan failed"
    code, again = cli(*plan)
    assert (code, again) == (0, ""), f"a second plan is not empty:\n{again}"


@pytest.mark.parametrize("case", [c for c in CASES if c.command == "fixtures"], ids=lambda c: c.id)
def test_fixtures(case: Case, tmp_path: Path) -> None:
    assert case.spec is not None and case.expect is not None
    code, _ = cli(
        "fixtures",
        "--driver",
        case.driver,
        "--input-dir",
        str(case.spec),
        "--output-dir",
        str(tmp_path),
    )
    assert code == 0
    written = (tmp_path / "fixtures.sql").read_text()
    assert score(case.expect, written) is Verdict.EXACT, written


@pytest.mark.parametrize("case", [c for c in CASES if c.command == "plan" and not c.spec], ids=lambda c: c.id)
def test_generated_specs_plan_nothing(case: Case, servers: Servers, tmp_path: Path) -> None:
    """Cases without specs exercise `generate` (postgres/multi-schema-support: two schemas)."""
    database = servers.database(case.engine)
    database.load(case.fixtures)
    flags = ["--driver", case.driver, *connection_flags(database)]
    schemas = ["--schema", "test", "--schema", "public"]
    out = tmp_path / "specs"
    assert cli("generate", *flags, "--dbname", "schemahero", *schemas, "--output-dir", str(out))[0] == 0
    generated = sorted(p.name for p in out.iterdir())
    assert "kustomization.yaml" in generated and len(generated) >= 3, generated
    assert cli("plan", *flags, "--spec-file", str(out)) == (0, "")
