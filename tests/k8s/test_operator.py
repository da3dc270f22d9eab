"""The operator against a real API server and real databases: plan, approve, apply, and the
ways that goes otherwise (rejection, bad specs, a database that is down, a stale plan).
"""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from typing import Any

import pytest

from tests.k8s.conftest import Operator, installed
from tests.k8s.flows import cli, events, live_plan, migration_of, phase_becomes, ready_reason
from tests.k8s.kubectl import Kubectl, condition, eventually
from tests.k8s.manifests import USERS, column, table
from tests.k8s.manifests import database as database_manifest
from tests.servers.base import TestDatabase, free_port

pytestmark = pytest.mark.usefixtures("operator")
PASSWORD = "n0t-in-any-status"


def test_a_table_becomes_a_migration_that_approval_applies(
    kubectl: Kubectl, namespace: str, engine: str, database: TestDatabase
) -> None:
    users = table("users", "shop", engine, USERS)
    kubectl.apply(database_of(engine, database), users, namespace=namespace)

    migration = migration_of(kubectl, users, namespace)
    name, status = migration["metadata"]["name"], migration["status"]
    assert status["phase"] == "PLANNED" and status["plannedAt"] > 0 and "approvedAt" not in status
    assert "create table" in migration["spec"]["generatedDDL"].lower()
    assert migration["spec"]["tableName"] == "users" and migration["spec"]["databaseName"] == "shop"
    assert migration["metadata"]["ownerReferences"][0]["kind"] == "Table"
    assert status["sourceHash"] and status["steps"][0]["kind"] == "CreateTable"
    ready_reason(kubectl, "table", "users", namespace, "AwaitingApproval")
    assert live_plan(database, users).steps, "nothing may change before approval"
    not_yet = kubectl(
        "wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=1s", check=False
    )
    assert not_yet.returncode != 0

    code, out, _ = cli(kubectl, "get", "migrations", "-n", namespace)
    assert code == 0
    assert out.splitlines()[0].split() == [
        "ID",
        "DATABASE",
        "TABLE",
        "PLANNED",
        "EXECUTED",
        "APPROVED",
        "REJECTED",
    ]
    assert out.splitlines()[1].split()[:3] == [name, "shop", "users"]
    assert cli(kubectl, "get", "databases", "-n", namespace)[1].splitlines()[1].split() == [
        "shop",
        namespace,
        "1",
    ]
    code, out, _ = cli(kubectl, "get", "tables", "-A", "-o", "json")
    assert code == 0 and any(t["metadata"]["namespace"] == namespace for t in json.loads(out)["items"])
    code, out, _ = cli(kubectl, "describe", "migration", name, "-n", namespace)
    assert code == 0 and f"approve migration {name}" in out and "create table" in out.lower()
    assert cli(kubectl, "approve", "migration", name, "-n", namespace)[:2] == (
        0,
        f"Migration {name} approved\n",
    )

    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    executed = phase_becomes(kubectl, name, namespace, "EXECUTED")["status"]
    assert executed["executedAt"] >= executed["approvedAt"] >= executed["plannedAt"]
    assert all(step["result"]["status"] == "APPLIED" for step in executed["steps"])
    assert condition(kubectl.get("migration", name, namespace), "Ready")["status"] == "True"
    assert not live_plan(database, users).steps, "the database has the table now"

    before = kubectl.get("table", "users", namespace)
    asked = int(time.time())
    assert cli(kubectl, "recalculate", "migration", name, "-n", namespace)[0] == 0
    again = eventually(
        lambda: _planned_since(kubectl.get("table", "users", namespace), asked), "a second plan of users"
    )
    assert condition(again, "Ready")["status"] == "True" and before is not None
    assert [m["metadata"]["name"] for m in kubectl.items("migrations", namespace)] == [name]
    assert phase_becomes(kubectl, name, namespace, "EXECUTED")

    reasons = {e["reason"] for e in events(kubectl, namespace)}
    assert {"Planned", "AwaitingApproval", "Executed", "MigrationExecuted", "Connected"} <= reasons


def _planned_since(found: dict[str, Any] | None, moment: int) -> dict[str, Any] | None:
    return found if found and (found.get("status") or {}).get("lastPlannedAt", 0) >= moment else None


def database_of(engine: str, db: TestDatabase, name: str = "shop", **spec: Any) -> dict[str, Any]:
    return database_manifest(name, engine, db.uri, **spec)


def test_immediate_deploy_applies_without_approval(
    kubectl: Kubectl, namespace: str, engine: str, database: TestDatabase
) -> None:
    users = table("users", "shop", engine, USERS)
    kubectl.apply(database_of(engine, database, immediateDeploy=True), users, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    status = migration_of(kubectl, users, namespace)["status"]
    assert status["phase"] == "EXECUTED" and status["approvedAt"] == status["plannedAt"]
    assert not live_plan(database, users).steps


def test_a_rejected_migration_is_never_applied(
    kubectl: Kubectl, namespace: str, engine: str, database: TestDatabase
) -> None:
    users = table("users", "shop", engine, USERS)
    kubectl.apply(database_of(engine, database), users, namespace=namespace)
    name = migration_of(kubectl, users, namespace)["metadata"]["name"]
    assert cli(kubectl, "reject", "migration", name, "-n", namespace)[:2] == (
        0,
        f"Migration {name} rejected\n",
    )
    found = ready_reason(kubectl, "table", "users", namespace, "MigrationRejected")
    assert condition(found, "Stalled")["status"] == "True"
    rejected = phase_becomes(kubectl, name, namespace, "REJECTED")
    assert rejected["status"]["rejectedAt"] > 0 and "executedAt" not in rejected["status"]
    code, _, err = cli(kubectl, "approve", "migration", name, "-n", namespace)
    assert code == 1 and "already REJECTED" in err
    time.sleep(2)
    assert live_plan(database, users).steps, "a rejected plan changes nothing"


def test_an_approved_migration_whose_database_changed_is_not_applied(
    kubectl: Kubectl, namespace: str, engine: str, database: TestDatabase
) -> None:
    users = table("users", "shop", engine, USERS)
    kubectl.apply(database_of(engine, database), users, namespace=namespace)
    planned = migration_of(kubectl, users, namespace)
    name = planned["metadata"]["name"]
    database.load("create table users (id integer primary key, nickname varchar(20));")
    assert cli(kubectl, "approve", "migration", name, "-n", namespace)[0] == 0

    def replanned() -> dict[str, Any] | None:
        found = kubectl.get("migration", name, namespace)
        status = (found or {}).get("status") or {}
        return found if status.get("invalidatedAt") and status.get("phase") == "PLANNED" else None

    again = eventually(replanned, f"Migration {name} invalidated and planned again")["status"]
    assert again["sourceHash"] != planned["status"]["sourceHash"]
    assert "approvedAt" not in again, "a new plan needs a new approval"
    assert [s["sql"] for s in again["steps"]] != [s["sql"] for s in planned["status"]["steps"]]
    kept = table("users", "shop", engine, [column("id", "integer"), column("nickname", "varchar(20)")])
    assert not live_plan(database, kept).steps, "the stale plan was not applied"
    warnings = [e for e in events(kubectl, namespace) if e["reason"] == "Invalidated"]
    assert warnings and warnings[0]["type"] == "Warning"


def test_an_approved_migration_waits_for_its_database(kubectl: Kubectl, namespace: str, servers: Any) -> None:
    db = servers.database("sqlite")
    users = table("users", "shop", "sqlite", USERS)
    kubectl.apply(database_of("sqlite", db), users, namespace=namespace)
    name = migration_of(kubectl, users, namespace)["metadata"]["name"]
    kubectl("delete", "database", "shop", "-n", namespace, "--timeout=60s")
    assert cli(kubectl, "approve", "migration", name, "-n", namespace)[0] == 0
    ready_reason(kubectl, "migration", name, namespace, "DatabaseNotFound")
    kubectl.apply(database_of("sqlite", db), namespace=namespace)
    phase_becomes(kubectl, name, namespace, "EXECUTED")  # by the Database's retry timer: nothing else changed
    assert not live_plan(db, users).steps


def test_a_spec_the_driver_refuses_is_a_condition(kubectl: Kubectl, namespace: str, servers: Any) -> None:
    db = servers.database("sqlite")
    broken = table("users", "shop", "sqlite", USERS)
    broken["spec"]["schema"]["sqlite"]["primaryKey"] = ["missing"]
    kubectl.apply(database_of("sqlite", db), broken, namespace=namespace)
    found = ready_reason(kubectl, "table", "users", namespace, "InvalidSpec")
    assert condition(found, "Stalled")["status"] == "True"
    assert "spec.schema.sqlite.primaryKey[0]" in condition(found, "Ready")["message"]
    assert kubectl.items("migrations", namespace) == []
    fixed = table("users", "shop", "sqlite", USERS)
    kubectl.apply(fixed, namespace=namespace)
    ready_reason(kubectl, "table", "users", namespace, "AwaitingApproval")


def test_a_table_waits_for_its_database_and_requirements(
    kubectl: Kubectl, namespace: str, servers: Any
) -> None:
    db = servers.database("sqlite")
    users = table("users", "later", "sqlite", USERS)
    kubectl.apply(users, namespace=namespace)
    found = ready_reason(kubectl, "table", "users", namespace, "DatabaseNotFound")
    assert condition(found, "Reconciling")["status"] == "True"
    needs = table("orders", "later", "sqlite", [column("id", "integer")])
    needs["spec"]["requires"] = ["uuid-ossp"]
    kubectl.apply(database_of("sqlite", db, name="later"), needs, namespace=namespace)
    migration_of(kubectl, users, namespace)
    ready_reason(kubectl, "table", "orders", namespace, "WaitingForRequirements")


def test_a_secret_backed_connection(kubectl: Kubectl, namespace: str, servers: Any) -> None:
    engine, database = "postgres", servers.database("postgres")
    kubectl("create", "secret", "generic", "shop-db", "-n", namespace, f"--from-literal=uri={database.uri}")
    kubectl.apply(database_manifest("shop", engine, secret=("shop-db", "uri")), namespace=namespace)
    found = ready_reason(kubectl, "database", "shop", namespace, "Connected")
    assert condition(found, "Connected")["status"] == "True"
    assert found["status"]["serverVersion"] and found["status"]["driver"]["source"] == "in-tree"
    shown = json.dumps(found["status"]) + json.dumps(events(kubectl, namespace))
    assert database.uri not in shown


def test_a_database_that_is_down_is_a_condition_with_backoff(
    kubectl: Kubectl, namespace: str, servers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    db = servers.database(installed("postgres"))
    caplog.set_level(logging.INFO)
    down = f"postgres://schemahero:{PASSWORD}@127.0.0.1:{free_port()}/shop?sslmode=disable"
    kubectl.apply(database_manifest("shop", "postgres", down), namespace=namespace)
    found = ready_reason(kubectl, "database", "shop", namespace, "ConnectionFailed")
    assert condition(found, "Connected")["status"] == "False"
    assert condition(found, "Reconciling")["status"] == "True"

    def retried() -> dict[str, Any] | None:
        progress = json.loads(
            (kubectl.get("database", "shop", namespace) or {})["metadata"]["annotations"].get(
                "schemahero.io/check", "{}"
            )
        )
        return progress if progress.get("retries", 0) >= 2 else None

    assert eventually(retried, "two retries of the connection check")
    shown = json.dumps(events(kubectl, namespace)) + json.dumps(
        kubectl.get("database", "shop", namespace)["status"]
    )
    assert PASSWORD not in shown and PASSWORD not in caplog.text
    assert "ConnectionFailed" in caplog.text, "the operator logs what it does"
    kubectl.apply(database_manifest("shop", "postgres", db.uri), namespace=namespace)
    ready_reason(kubectl, "database", "shop", namespace, "Connected")


def test_drift_is_planned_again(kubectl: Kubectl, namespace: str, servers: Any, operator: Operator) -> None:
    db = servers.database("sqlite")
    users = table("users", "shop", "sqlite", USERS)
    drift = {"interval": "2s", "policy": "restore"}
    kubectl.apply(database_of("sqlite", db, immediateDeploy=True, drift=drift), users, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    name = migration_of(kubectl, users, namespace)["metadata"]["name"]
    first = phase_becomes(kubectl, name, namespace, "EXECUTED")["status"]["executedAt"]
    db.load("drop table users;")

    def executed_again() -> dict[str, Any] | None:
        found = kubectl.get("migration", name, namespace)
        status = (found or {}).get("status") or {}
        return found if status.get("phase") == "EXECUTED" and status.get("plannedAt", 0) > first else None

    eventually(executed_again, "the dropped table planned and created again")
    assert not live_plan(db, users).steps
    with urllib.request.urlopen(operator.metrics_url, timeout=5) as response:
        metrics = response.read().decode()
    assert 'schemahero_drift_total{kind="Table"}' in metrics
    assert 'schemahero_applies_total{outcome="executed"}' in metrics
    assert "schemahero_plan_duration_seconds_count" in metrics


def test_extensions_views_functions_and_types_on_postgres(
    kubectl: Kubectl, namespace: str, servers: Any
) -> None:
    db = servers.database(installed("postgres"))
    schemas = "schemas.schemahero.io/v1alpha4"
    extension = {
        "apiVersion": schemas,
        "kind": "DatabaseExtension",
        "metadata": {"name": "citext"},
        "spec": {"database": "shop", "postgres": {"name": "citext"}},
    }
    users = table("users", "shop", "postgres", [column("id", "integer"), column("email", "citext")])
    users["spec"]["requires"] = ["citext"]
    mood = {
        "apiVersion": schemas,
        "kind": "DataType",
        "metadata": {"name": "mood"},
        "spec": {"database": "shop", "name": "mood", "schema": {"postgres": {"values": ["ok", "sad"]}}},
    }
    view = {
        "apiVersion": schemas,
        "kind": "View",
        "metadata": {"name": "user-emails"},
        "spec": {
            "database": "shop",
            "name": "user_emails",
            "requires": ["users"],
            "schema": {"postgres": {"query": "select id, email from users"}},
        },
    }
    function = {
        "apiVersion": schemas,
        "kind": "Function",
        "metadata": {"name": "answer"},
        "spec": {
            "database": "shop",
            "name": "answer",
            "schema": {"postgres": {"lang": "sql", "return": "bigint", "as": "select 42::bigint"}},
        },
    }
    kubectl.apply(database_of("postgres", db, immediateDeploy=True), users, view, namespace=namespace)
    ready_reason(kubectl, "table", "users", namespace, "WaitingForRequirements")
    kubectl.apply(extension, mood, function, namespace=namespace)
    for kind, name in (
        ("databaseextension", "citext"),
        ("table", "users"),
        ("view", "user-emails"),
        ("function", "answer"),
        ("datatype", "mood"),
    ):
        kubectl("wait", "--for=condition=Ready", f"{kind}/{name}", "-n", namespace, "--timeout=60s")
    assert all(m["status"]["phase"] == "EXECUTED" for m in kubectl.items("migrations", namespace))
    assert not live_plan(db, users).steps


def test_a_failing_statement_fails_the_migration_with_the_drivers_message(
    kubectl: Kubectl, namespace: str, engine: str, database: TestDatabase
) -> None:
    nullable = table("users", "shop", engine, [column("id", "integer"), column("email", "varchar(255)")])
    kubectl.apply(database_of(engine, database, immediateDeploy=True), nullable, namespace=namespace)
    kubectl("wait", "--for=condition=Ready", "table/users", "-n", namespace, "--timeout=60s")
    database.load("insert into users (id, email) values (1, null);")
    strict = table("users", "shop", engine, USERS)
    kubectl.apply(strict, namespace=namespace)
    name = migration_of(kubectl, strict, namespace)["metadata"]["name"]
    failed = phase_becomes(kubectl, name, namespace, "FAILED")["status"]
    assert "null" in failed["message"].lower() and "executedAt" not in failed
    assert any(step.get("result", {}).get("status") == "FAILED" for step in failed["steps"])
    found = ready_reason(kubectl, "table", "users", namespace, "MigrationFailed")
    assert condition(found, "Stalled")["status"] == "True"
    assert failed["message"] in condition(found, "Ready")["message"]
