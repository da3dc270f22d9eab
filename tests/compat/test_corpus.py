"""Every upstream case replayed through the CLI: plan, score, apply, plan again (empty).

Each plan is applied both ways a plan reaches a database: planned (`apply --spec-file`: the
driver's stale check and pre-flight counts, in one transaction where the engine allows) and as
a script (`apply --ddl`, the statements as written). Engines are taken from the installed
drivers; cockroach is not an engine of this project. Cases that are equivalent but not exact
are listed in NOT_EXACT with the reason; a case not listed must be exact, so that a regression
from exact to equivalent fails.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from schemahero.cli.main import main
from schemahero.plugins import engines
from schemahero.schema import documents
from tests.compat.corpus import ROOT, Case, Verdict, cases, score
from tests.conftest import Servers
from tests.servers.base import TestDatabase

NOT_EXACT: dict[str, str] = {
    "postgres/column-set-default": "column statements in declaration order; upstream's postgres "
    "golden lists them in reverse by accident (an unordered information_schema query; its "
    "timescaledb golden of the same case does not)",
    "postgres/column-unset-default": "as postgres/column-set-default",
}
"""Case id -> why its plan is equivalent to the golden but not the same text."""

NOT_REPLAYED: dict[str, str] = {
    "timescaledb/create-materialized-view": "its fixtures call create_hypertable, which needs the "
    "TimescaleDB extension that no package here provides; its plan is checked against the golden "
    "offline, against the model the fixtures would create (tests/unit/drivers/postgres)",
    "timescaledb/drop-materialized-view": "as timescaledb/create-materialized-view",
}
"""Case id -> why it cannot be replayed on the servers here (not collected, listed instead)."""

NEEDS_TIMESCALEDB = {"timescaledb/create-table": ("create_hypertable", 3)}
"""Case id -> the TimescaleDB function its plan calls, and the index of the statement that calls
it first: the plan is scored, and applying it on plain PostgreSQL must stop exactly there."""


@dataclass(frozen=True)
class Refusal:
    """How a spec the engine cannot carry out is refused, and how the server refuses the golden."""

    path: str
    code: str
    said: str
    server_says: str
    why: str


REFUSED: dict[str, Refusal] = {
    "postgres/index-with-clause": Refusal(
        "spec.schema.postgres.indexes[1].with.gin_pending_list_limit",
        "invalid-option",
        "gin_pending_list_limit is not a storage parameter of btree indexes",
        'unrecognized parameter "gin_pending_list_limit"',
        "upstream never ran this case; its golden is not valid PostgreSQL (PostgreSQL refuses "
        "gin_pending_list_limit on a btree index), so the spec is refused with a diagnostic",
    ),
    "cassandra/change-column-type": Refusal(
        "spec.schema.cassandra.columns[1].type",
        "cannot-change-type",
        "Cassandra cannot change the type of column login (int to bigint)",
        "Altering column types is no longer supported",
        "Cassandra cannot alter a column's type: it answers upstream's golden (alter table users "
        "alter login type bigint) with 'Altering column types is no longer supported'; upstream ran "
        "this case plan-only for that reason",
    ),
}
"""Case id -> how its spec is refused and why: specs the engine cannot carry out, which must be
refused with a diagnostic and change nothing, where upstream printed a statement that the server
then rejects."""

UPSTREAM_NAMES = {"cassandra": "schemahero"}
"""Engines whose goldens print the database's name: the cases run in upstream's."""

PLAN_CASES = {"cassandra": 8, "mysql": 35, "postgres": 30, "timescaledb": 20, "rqlite": 37, "sqlite": 37}
"""How many `plan` cases each engine's folder of the corpus holds."""

CASES = cases(set(engines()))
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] ([A-Z_]+): ", re.M)
"""A line of `apply`'s progress on stderr: [number/count] STATUS: statement."""


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


def progress(stderr: str) -> list[tuple[int, int, str]]:
    """(number, count, status) of each statement `apply` ran."""
    return [(int(n), int(count), status) for n, count, status in PROGRESS.findall(stderr)]


def planned_count(stderr: str) -> int:
    """How many statements `plan` said it planned."""
    found = re.search(r"^(\d+) statements? planned from", stderr, re.M)
    assert found, stderr
    return int(found[1])


def replayed(case: Case, servers: Servers) -> tuple[TestDatabase, list[str], list[str]]:
    """A database with the case's fixtures; the flags that reach it and the case's `plan` command."""
    database = servers.database(case.engine, UPSTREAM_NAMES.get(case.engine))
    if case.fixtures:
        database.load(case.fixtures)
    flags = ["--driver", case.driver, *connection_flags(database)]
    assert case.spec is not None
    specs = ["--spec-file", str(case.spec), "--spec-type", case.spec_type]
    return database, flags, ["plan", "--seed-data", *flags, *specs]


REPLAYED = [c for c in CASES if c.command == "plan" and c.spec and c.id not in NOT_REPLAYED]


@pytest.mark.parametrize("how", ["planned", "script"])
@pytest.mark.parametrize("case", [c for c in REPLAYED if c.id not in REFUSED], ids=lambda c: c.id)
def test_plan_apply_converge(
    case: Case, how: str, servers: Servers, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, flags, plan = replayed(case, servers)
    capsys.readouterr()
    code, planned = cli(*plan)
    assert code == 0, "plan failed"
    count = planned_count(capsys.readouterr().err)
    if case.expect is not None:
        verdict = score(case.expect, planned)
        assert verdict is not Verdict.DIFFERENT, f"expected:\n{case.expect}\nplanned:\n{planned}"
        expected = Verdict.EQUIVALENT if case.id in NOT_EXACT else Verdict.EXACT
        assert verdict is expected, f"{case.id} is {verdict}, listed as {expected}:\n{planned}"
    if case.expect != case.upstream_expect:
        assert case.upstream_expect is not None
        upstream = score(case.upstream_expect, planned)
        assert upstream is not Verdict.EXACT, f"{case.id} matches upstream's golden: drop its correction"

    if how == "planned":
        apply = ["apply", "--seed-data", *flags, *plan[-4:]]
    else:
        ddl = tmp_path / "plan.sql"
        ddl.write_text(planned)
        apply = ["apply", *flags, "--ddl", str(ddl)]
    code, _ = cli(*apply)
    said = capsys.readouterr().err
    ran = progress(said)
    if case.id in NEEDS_TIMESCALEDB:
        function, index = NEEDS_TIMESCALEDB[case.id]
        assert code == 1
        assert [n - 1 for n, _, status in ran if status == "FAILED"] == [index], ran
        assert f"function {function}(" in said and "does not exist" in said, said
        return
    assert (code, ran) == (0, [(n, count, "APPLIED") for n in range(1, count + 1)]), "applying failed"
    code, again = cli(*plan)
    assert (code, again) == (0, ""), f"a second plan is not empty:\n{again}"


@pytest.mark.parametrize("case", [c for c in REPLAYED if c.id in REFUSED], ids=lambda c: c.id)
def test_refused(case: Case, servers: Servers, capsys: pytest.CaptureFixture[str]) -> None:
    refusal = REFUSED[case.id]
    database, _, plan = replayed(case, servers)
    capsys.readouterr()
    assert cli(*plan) == (1, ""), "a plan the engine cannot carry out was not refused"
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors
    assert f"{refusal.path}: error: {refusal.said}" in errors[0] and errors[0].endswith(f"[{refusal.code}]")
    assert case.expect is not None
    with pytest.raises(Exception, match=re.escape(refusal.server_says)):
        database.load(case.expect)


def test_every_case_is_collected() -> None:
    """Every folder of the corpus is a case; the ones that need TimescaleDB are listed."""
    found = cases(set(PLAN_CASES))
    for engine, count in PLAN_CASES.items():
        plans = [c for c in found if c.engine == engine and c.command == "plan"]
        assert len(plans) == len(list((ROOT / engine).iterdir())) == count, engine
    hypertables = {c.id for c in found if "create_hypertable" in c.fixtures}
    assert hypertables == set(NOT_REPLAYED)
    assert {c.id for c in found} >= set(NOT_EXACT) | set(NEEDS_TIMESCALEDB) | set(REFUSED)


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
    """Cases without specs exercise `generate` (postgres/multi-schema-support: two schemas): it
    writes the case's own specs, which plan to nothing; a schema without tables gives none."""
    database = servers.database(case.engine)
    database.load(case.fixtures)
    flags = ["--driver", case.driver, *connection_flags(database)]
    schemas = ["--schema", "test", "--schema", "public"]
    out = tmp_path / "specs"
    assert cli("generate", *flags, "--dbname", "schemahero", *schemas, "--output-dir", str(out))[0] == 0
    generated = sorted(p.name for p in out.iterdir())
    assert "kustomization.yaml" in generated and len(generated) >= 3, generated
    wanted = documents.load(case.folder / "specs")
    assert _described(documents.load(out), case.engine) == _described(wanted, case.engine)
    assert cli("plan", *flags, "--spec-file", str(out)) == (0, "")
    assert cli("generate", *flags, "--dbname", "schemahero", "--schema", "nothing_here") == (0, "")


def _described(objects: list[documents.SpecObject], engine: str) -> dict[tuple[str, str], object]:
    """Each spec by (schema, name), without the fields that name its Database."""
    found = {}
    for obj in objects:
        spec = obj.spec
        assert isinstance(spec, dict)
        key = (spec["schema"][engine]["schema"], spec["name"])
        found[key] = {k: v for k, v in spec.items() if k not in ("database", "requires")}
    return found
