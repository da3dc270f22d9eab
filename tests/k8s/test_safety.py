"""Safety on a real API server and real databases: approval policies (manual, auto, auto-safe),
pre-flight checks, and drift found by the per-Database loop, reported or restored.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any

import pytest

from tests.conftest import Servers
from tests.k8s.conftest import Operator, installed
from tests.k8s.flows import cli, events, live_plan, migration_of, phase_becomes, ready_reason
from tests.k8s.kubectl import Kubectl, condition, eventually
from tests.k8s.manifests import USERS, column, table
from tests.k8s.manifests import database as database_manifest
from tests.servers.base import TestDatabase
from tests.servers.reading import rows

pytestmark = pytest.mark.usefixtures("operator")
NICK = [column("id", "integer"), column("nick", "varchar(20)")]
DRIFT_INTERVAL = "2s"


@pytest.fixture(params=["postgres", "mysql"])
def sql_engine(request: pytest.FixtureRequest) -> str:
    return installed(request.param)


@pytest.fixture
def postgres(servers: Servers) -> TestDatabase:
    return servers.database(installed("postgres"))


def shop(engine: str, db: TestDatabase, **spec: Any) -> dict[str, Any]:
    return database_manifest("shop", engine, db.uri, **spec)


def test_auto_safe_applies_a_new_table_by_itself(
    kubectl: Kubectl, namespace: str, postgres: TestDatabase
) -> None:
    users = table("users", "shop", "postgres", NICK)
    kubectl.apply(shop("postgres", postgres, approval="auto-safe"), users, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    status = migration_of(kubectl, users, namespace)["status"]
    assert status["approval"] == "auto-safe" and status["approvedAt"] == status["plannedAt"]
    assert phase_becomes(
        kubectl, migration_of(kubectl, users, namespace)["metadata"]["name"], namespace, "EXECUTED"
    )
    assert not live_plan(postgres, users).steps


def test_auto_safe_holds_a_drop_column(
    kubectl: Kubectl, namespace: str, servers: Servers, sql_engine: str
) -> None:
    db = servers.database(sql_engine)
    with_nick = table("users", "shop", sql_engine, NICK)
    kubectl.apply(shop(sql_engine, db, approval="auto-safe"), with_nick, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    db.load("insert into users (id, nick) values (1, 'kept');")

    without_nick = table("users", "shop", sql_engine, [column("id", "integer")])
    kubectl.apply(without_nick, namespace=namespace)
    planned = migration_of(kubectl, without_nick, namespace)
    name = planned["metadata"]["name"]
    held = eventually(
        lambda: _with_ready_reason(kubectl.get("migration", name, namespace), "HeldByPolicy"),
        f"Migration {name} held by policy",
    )
    message = condition(held, "Ready")["message"]
    assert re.search(r"step \d+: deletes-data: ", message), message
    assert held["status"]["phase"] == "PLANNED" and "approvedAt" not in held["status"]
    assert held["status"]["approval"] == "auto-safe"
    source = ready_reason(kubectl, "table", "users", namespace, "AwaitingApproval")
    assert "deletes-data" in condition(source, "Ready")["message"]
    on_migration = [
        e
        for e in events(kubectl, namespace)
        if e["involvedObject"]["kind"] == "Migration" and e["reason"] == "HeldByPolicy"
    ]
    assert on_migration and "deletes-data" in on_migration[0]["message"]
    assert not live_plan(db, with_nick).steps, "the column is still there"
    db.load("insert into users (id, nick) values (2, 'also');")  # fails if nick were gone
    if sql_engine == "postgres":
        db.load(
            "do $$ begin if (select count(*) from users where nick = 'kept') <> 1 then "
            "raise exception 'the row was lost'; end if; end $$;"
        )


def _with_ready_reason(found: dict[str, Any] | None, reason: str) -> dict[str, Any] | None:
    return found if condition(found, "Ready").get("reason") == reason else None


def test_not_null_over_null_rows_is_counted_held_and_refused_at_apply(
    kubectl: Kubectl, namespace: str, postgres: TestDatabase
) -> None:
    nullable = table("users", "shop", "postgres", [column("id", "integer"), column("email", "varchar(255)")])
    kubectl.apply(shop("postgres", postgres, approval="auto-safe"), nullable, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    postgres.load("insert into users (id, email) values (1, null), (2, null), (3, null), (4, 'a@b.c');")

    strict = table("users", "shop", "postgres", USERS)
    kubectl.apply(strict, namespace=namespace)
    name = migration_of(kubectl, strict, namespace)["metadata"]["name"]
    held = eventually(
        lambda: _with_ready_reason(kubectl.get("migration", name, namespace), "HeldByPolicy"),
        f"Migration {name} held by policy",
    )
    checks = [c for step in held["status"]["steps"] for c in step.get("checks", [])]
    assert [c["violations"] for c in checks if c["violations"]] == [3], checks
    assert "3 rows of users with NULL in email" in condition(held, "Ready")["message"]

    kubectl.apply(shop("postgres", postgres, approval="auto"), namespace=namespace)
    kubectl("annotate", "table/users", "-n", namespace, "recalculatedAt=now", "--overwrite")
    failed = phase_becomes(kubectl, name, namespace, "FAILED")["status"]
    assert "pre-flight" in failed["message"] and "nothing was applied" in failed["message"]
    assert failed["approval"] == "auto"
    assert live_plan(postgres, strict).steps, "nothing was applied"
    assert not live_plan(postgres, nullable).steps


def test_a_tables_approval_overrides_its_databases(
    kubectl: Kubectl, namespace: str, postgres: TestDatabase
) -> None:
    auto = table("users", "shop", "postgres", NICK)
    auto["spec"]["approval"] = "auto"
    manual = table("orders", "shop", "postgres", [column("id", "integer")])
    manual["spec"]["approval"] = "manual"
    kubectl.apply(
        shop("postgres", postgres, immediateDeploy=True, approval="manual"), auto, namespace=namespace
    )
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    assert migration_of(kubectl, auto, namespace)["status"]["approval"] == "auto"
    kubectl.apply(shop("postgres", postgres, approval="auto"), manual, namespace=namespace)
    ready_reason(kubectl, "table", "orders", namespace, "AwaitingApproval")
    assert migration_of(kubectl, manual, namespace)["status"]["approval"] == "manual"


def test_bad_safety_fields_are_refused_or_reported(
    kubectl: Kubectl, namespace: str, postgres: TestDatabase
) -> None:
    refused = kubectl.apply(
        shop("postgres", postgres, approval="sometimes"), namespace=namespace, check=False
    )
    assert refused.returncode != 0 and "spec.approval" in refused.stderr
    users = table("users", "shop", "postgres", NICK)
    kubectl.apply(shop("postgres", postgres, drift={"interval": "soon"}), users, namespace=namespace)
    found = ready_reason(kubectl, "database", "shop", namespace, "InvalidSpec")
    assert "spec.drift.interval: must be a duration" in condition(found, "Ready")["message"]
    source = ready_reason(kubectl, "table", "users", namespace, "InvalidSpec")
    assert "Database shop: spec.drift.interval" in condition(source, "Ready")["message"]
    assert kubectl.items("migrations", namespace) == []


def test_drift_is_reported_without_a_migration(
    kubectl: Kubectl, namespace: str, postgres: TestDatabase, operator: Operator
) -> None:
    users = table("users", "shop", "postgres", NICK)
    drift = {"interval": DRIFT_INTERVAL, "policy": "report"}
    kubectl.apply(shop("postgres", postgres, approval="auto", drift=drift), users, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    name = migration_of(kubectl, users, namespace)["metadata"]["name"]
    executed = phase_becomes(kubectl, name, namespace, "EXECUTED")["status"]
    postgres.load("alter table users add column extra text;")

    found = eventually(lambda: _drifted(kubectl, namespace, "True"), "users Drifted=True")
    assert "extra" in condition(found, "Drifted")["message"]
    assert any("extra" in statement for statement in found["status"]["drift"])
    assert condition(found, "Ready")["reason"] == "DriftDetected"
    assert [m["metadata"]["name"] for m in kubectl.items("migrations", namespace)] == [name]
    assert kubectl.get("migration", name, namespace)["status"]["plannedAt"] == executed["plannedAt"]
    assert any(e["reason"] == "DriftDetected" for e in events(kubectl, namespace))
    eventually(lambda: _gauge(operator, namespace) == 1.0, "the drifted gauge at 1")

    postgres.load("alter table users drop column extra;")
    back = eventually(lambda: _drifted(kubectl, namespace, "False"), "users Drifted=False")
    assert "drift" not in back["status"] and condition(back, "Ready")["reason"] == "UpToDate"
    eventually(lambda: _gauge(operator, namespace) == 0.0, "the drifted gauge back at 0")


def test_drift_is_restored(
    kubectl: Kubectl, namespace: str, servers: Servers, sql_engine: str, operator: Operator
) -> None:
    db = servers.database(sql_engine)
    users = table("users", "shop", sql_engine, NICK)
    drift = {"interval": DRIFT_INTERVAL, "policy": "restore"}
    kubectl.apply(shop(sql_engine, db, approval="auto", drift=drift), users, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    name = migration_of(kubectl, users, namespace)["metadata"]["name"]
    first = phase_becomes(kubectl, name, namespace, "EXECUTED")["status"]["executedAt"]
    db.load("alter table users drop column nick;")

    def restored() -> dict[str, Any] | None:
        found = kubectl.get("migration", name, namespace)
        status = (found or {}).get("status") or {}
        return found if status.get("phase") == "EXECUTED" and status.get("plannedAt", 0) > first else None

    again = eventually(restored, "the dropped column planned and added again")["status"]
    assert again["approval"] == "auto" and "nick" in " ".join(s["sql"] for s in again["steps"])
    assert not live_plan(db, users).steps
    assert any(e["reason"] == "DriftDetected" for e in events(kubectl, namespace))
    eventually(lambda: _drifted(kubectl, namespace, "False"), "users Drifted=False once restored")
    eventually(lambda: _gauge(operator, namespace) == 0.0, "the drifted gauge at 0")
    with urllib.request.urlopen(operator.metrics_url, timeout=5) as response:
        assert 'schemahero_drift_total{kind="Table"}' in response.read().decode()


def _drifted(kubectl: Kubectl, namespace: str, status: str) -> dict[str, Any] | None:
    found = kubectl.get("table", "users", namespace)
    return found if condition(found, "Drifted").get("status") == status else None


def _gauge(operator: Operator, namespace: str) -> float | None:
    """The drifted-objects gauge of Database `shop` in `namespace`, None before its first round."""
    with urllib.request.urlopen(operator.metrics_url, timeout=5) as response:
        text = response.read().decode()
    for line in text.splitlines():
        labels = line.partition("{")[2].partition("}")[0].split(",")
        if line.startswith("schemahero_drifted_objects{") and {
            f'namespace="{namespace}"',
            'database="shop"',
        } <= set(labels):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_a_rename_keeps_its_rows_and_describe_tells_expand_from_contract(
    kubectl: Kubectl, namespace: str, servers: Servers, sql_engine: str
) -> None:
    db = servers.database(sql_engine)
    old = table("users", "shop", sql_engine, [*NICK, column("legacy", "varchar(20)")])
    kubectl.apply(shop(sql_engine, db, approval="auto"), old, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    db.load("insert into users (id, nick, legacy) values (1, 'ada', 'x');")

    new = table(
        "users",
        "shop",
        sql_engine,
        [
            column("id", "integer"),
            column("handle", "varchar(20)", previousNames=["nick"]),
            column("email", "varchar(50)"),
        ],
    )
    kubectl.apply(shop(sql_engine, db), new, namespace=namespace)
    planned = migration_of(kubectl, new, namespace)
    name, steps = planned["metadata"]["name"], planned["status"]["steps"]
    sql = " ".join(step["sql"] for step in steps).lower()
    assert "rename" in sql and "drop" in sql and "add" in sql, sql
    for step in steps:
        hazards = {h["kind"] for h in step.get("hazards", [])}
        assert step["rollout"] == ("contract" if hazards & {"renames", "deletes-data"} else "expand"), step

    code, out, _ = cli(kubectl, "describe", "migration", name, "-n", namespace)
    assert code == 0
    assert "Approval: manual" in out and "contract: " in out, out
    assert cli(kubectl, "approve", "migration", name, "-n", namespace)[0] == 0
    phase_becomes(kubectl, name, namespace, "EXECUTED")
    assert rows(db, "select id, handle, email from users") == [(1, "ada", None)]
    assert not live_plan(db, new).steps
