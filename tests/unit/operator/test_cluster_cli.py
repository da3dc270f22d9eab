"""The cluster commands' printing and help, without a cluster (the k8s tier runs them for real)."""

from __future__ import annotations

import pytest

from schemahero.cli.cluster import describe, printing
from schemahero.cli.main import main


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
    assert "step 1: builds-index: builds an index over existing rows" in text
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
