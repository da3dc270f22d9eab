"""The cluster commands' printing and help, without a cluster (the k8s tier runs them for real)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from schemahero.cli.cluster import describe, printing, steps, verdicts
from schemahero.cli.main import main

HELD: dict[str, Any] = {
    "metadata": {"name": "f00d123", "namespace": "default"},
    "spec": {"generatedDDL": "..."},
    "status": {
        "phase": "PLANNED",
        "plannedAt": 1_700_000_000,
        "approval": "auto-safe",
        "conditions": [
            {"type": "Ready", "status": "False", "reason": "HeldByPolicy", "message": "step 3 deletes data"}
        ],
        "steps": [
            {"sql": 'alter table "users" add column "nick" text', "kind": "AlterTable", "rollout": "expand"},
            {
                "sql": 'create index "i" on "users" ("nick")',
                "kind": "CreateIndex",
                "rollout": "expand",
                "result": {"status": "APPLIED", "durationMs": 3.5},
            },
            {
                "sql": 'alter table "users" alter column "email" set not null',
                "kind": "AlterTable",
                "rollout": "contract",
                "hazards": [{"kind": "may-fail-on-data", "message": "fails if the column holds NULLs"}],
                "checks": [
                    {"description": "rows of users with NULL in email", "sql": "select 1", "violations": 3},
                    {"description": "rows of users with an empty email", "sql": "select 1"},
                ],
                "result": {"status": "FAILED", "message": "pre-flight check: 3 rows"},
            },
        ],
    },
}


def test_ages_as_upstream_prints_them() -> None:
    now = 1_000_000
    assert printing.age(None, now) == ""
    assert printing.age(now - 5, now) == "5s"
    assert printing.age(now - 125, now) == "2m5s"
    assert printing.age(now - 1500, now) == "25m"
    assert printing.age(now - 7300, now) == "2h"
    assert printing.age(now - 90000, now) == "1d1h"


def test_tables_pad_columns_by_two_spaces() -> None:
    text = printing.table(["ID", "DATABASE"], [["abc1234", "shop"], ["x", ""]])
    assert text == "ID       DATABASE\nabc1234  shop\nx\n"


def test_describe_tells_how_to_act() -> None:
    migration = {
        "metadata": {"name": "abc1234", "namespace": "team"},
        "spec": {"generatedDDL": "create table a (x int);\ncreate index i on a (x);\n"},
        "status": {
            "plannedAt": 0,
            "steps": [
                {
                    "sql": "x",
                    "kind": "CreateIndex",
                    "hazards": [{"kind": "builds-index", "message": "builds an index over existing rows"}],
                }
            ],
        },
    }
    text = describe.text(migration)
    assert "Migration Name: abc1234" in text
    assert "  create table a (x int);\n  create index i on a (x);" in text
    assert "  1. x\n     hazard: builds-index: builds an index over existing rows" in text
    assert "Approval: not recorded (planned before approval policies)" in text
    assert "Rollout:" not in text, "a Migration planned before rollout phases has none to sum up"
    assert "kubectl schemahero -n team approve migration abc1234" in text
    assert "kubectl schemahero -n team reject migration abc1234" in text


@pytest.mark.parametrize(
    "command",
    [
        ["get", "databases"],
        ["get", "tables"],
        ["get", "migrations"],
        ["describe", "migration"],
        ["approve", "migration"],
        ["reject", "migration"],
        ["recalculate", "migration"],
    ],
)
def test_every_cluster_command_explains_itself(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--all-namespaces" in out and "--kubeconfig" in out


def test_a_missing_kubeconfig_is_one_line(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["get", "tables", "--kubeconfig", "/nonexistent/kubeconfig"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


def test_describe_shows_phases_checks_results_and_the_hold() -> None:
    text = describe.text(HELD)
    assert "Phase: PLANNED\nApproval: auto-safe\nHeld: HeldByPolicy: step 3 deletes data\n" in text
    assert (
        "Steps:\n"
        '  1. expand: alter table "users" add column "nick" text\n'
        '  2. expand: create index "i" on "users" ("nick")\n'
        "     result: APPLIED\n"
        '  3. contract: alter table "users" alter column "email" set not null\n'
        "     hazard: may-fail-on-data: fails if the column holds NULLs\n"
        "     check: 3 rows of users with NULL in email\n"
        "     check: rows of users with an empty email (not counted)\n"
        "     result: FAILED: pre-flight check: 3 rows\n"
    ) in text
    assert (
        "Rollout: expand: statements 1-2 (safe before the application rollout); "
        "contract: statement 3 (after it)\n"
    ) in text
    assert "kubectl schemahero approve migration f00d123" in text


def test_a_ready_migration_is_not_held() -> None:
    ready = {**HELD, "status": {**HELD["status"], "conditions": [{"type": "Ready", "status": "True"}]}}
    assert "Held:" not in describe.text(ready)


@pytest.mark.parametrize(
    ("phases", "summary"),
    [
        (["contract", "contract"], "expand: none; contract: statements 1-2 (after the application rollout)"),
        (["expand"], "expand: statement 1 (safe before the application rollout); contract: none"),
        (
            ["expand", "contract", "expand", "expand", "contract"],
            "expand: statements 1, 3-4 (safe before the application rollout); "
            "contract: statements 2, 5 (after it)",
        ),
    ],
)
def test_rollout_summaries(phases: list[str], summary: str) -> None:
    assert describe.rollout_summary([{"rollout": p} for p in phases]) == summary


class Cluster:
    """The one call a verdict makes of the cluster, recorded."""

    def __init__(self) -> None:
        self.patches: list[dict[str, Any]] = []

    async def patch(
        self, kind: str, namespace: str, name: str, patch: dict[str, Any], *, status: bool
    ) -> None:
        self.patches.append(patch)


@pytest.mark.parametrize("verdict", verdicts.VERDICTS, ids=lambda v: v.verb)
def test_approving_warns_of_counted_rows(
    verdict: verdicts.Verdict, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster = Cluster()
    assert asyncio.run(verdicts.decide(verdict, cluster, HELD)) == 0  # type: ignore[arg-type]
    out, err = capsys.readouterr()
    assert out == f"Migration f00d123 {verdict.phase.lower()}\n"
    assert cluster.patches[0]["status"]["phase"] == verdict.phase
    warning = (
        'warning: statement 3 fails on 3 rows of users with NULL in email (alter table "users" '
        'alter column "email" set not null)\n'
    )
    assert (warning in err) is (verdict.verb == "approve")
    assert steps.counted(HELD["status"]["steps"][0]) == []
