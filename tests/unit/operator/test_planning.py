"""Planning decisions: which Migration a plan becomes, and when an existing one stands."""

from __future__ import annotations

from typing import Any

from schemahero.driver_api.rollout import Rollout
from schemahero.operator import planning
from schemahero.operator.conditions import Health
from schemahero.operator.encoding import to_json
from schemahero.operator.planning import Source
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import Phase
from schemahero.schema.diagnostics import Diagnostic
from tests.unit.operator.conftest import a_plan, table_body

CREATE = 'create table "users" ("id" integer)'


def existing(source: Source, phase: str, *sql: str, source_hash: str = "h1", **extra: Any) -> dict[str, Any]:
    status = planning.planned_status(source, a_plan(*sql, source_hash=source_hash), approval="manual", now=10)
    body = {"metadata": {"name": source.migration_name}, "status": {**to_json(status), "phase": phase}}
    body["status"].update(extra)
    return body


def test_nothing_to_do_is_ready_without_a_migration(users: Source) -> None:
    decision = planning.decide(users, a_plan(), None, approval="manual", now=100)
    assert decision.migration is None
    assert (decision.verdict.health, decision.verdict.reason) == (Health.READY, Reason.UP_TO_DATE)


def test_a_plan_becomes_a_migration_named_by_the_spec_hash(users: Source) -> None:
    decision = planning.decide(users, a_plan(CREATE), None, approval="manual", now=100)
    assert decision.migration is not None
    write = decision.migration
    assert write.name == users.spec_sha[:7] and len(write.name) == 7
    meta = write.body["metadata"]
    assert meta["ownerReferences"][0]["uid"] == users.uid
    assert meta["ownerReferences"][0]["controller"] is True
    assert meta["labels"][planning.SOURCE_UID_LABEL] == users.uid
    assert write.body["spec"] == {
        "tableName": "users",
        "tableNamespace": "shop",
        "databaseName": "shop",
        "generatedDDL": CREATE + ";\n",
        "editedDDL": "",
    }
    assert write.status.phase == Phase.PLANNED and write.status.planned_at == 100
    assert write.status.approved_at is None
    assert write.status.source_hash == "h1"
    assert write.status.source_spec_sha == users.spec_sha
    assert decision.verdict.reason == Reason.AWAITING_APPROVAL
    assert "kubectl schemahero approve migration " + write.name in decision.verdict.message


def test_immediate_deploy_approves_when_planning(users: Source) -> None:
    decision = planning.decide(users, a_plan(CREATE), None, approval="auto", now=100)
    assert decision.migration is not None
    assert decision.migration.status.phase == Phase.APPROVED
    assert decision.migration.status.approved_at == 100
    assert decision.verdict.reason == Reason.APPLYING


def test_the_same_pending_plan_is_kept(users: Source) -> None:
    current = existing(users, Phase.PLANNED, CREATE)
    decision = planning.decide(users, a_plan(CREATE), current, approval="manual", now=200)
    assert decision.migration is None
    assert decision.keep == users.migration_name
    assert decision.verdict.reason == Reason.AWAITING_APPROVAL


def test_a_different_plan_replaces_the_pending_one(users: Source) -> None:
    current = existing(users, Phase.APPROVED, CREATE, approvedAt=50)
    decision = planning.decide(users, a_plan(CREATE, source_hash="h2"), current, approval="manual", now=200)
    assert decision.migration is not None and decision.migration.replaces
    patch = planning.replaced_fields(decision.migration.status)
    assert patch["approvedAt"] is None, "a new plan needs a new approval"
    assert patch["plannedAt"] == 200 and patch["phase"] == Phase.PLANNED


def test_drift_after_execution_plans_again(users: Source) -> None:
    current = existing(users, Phase.EXECUTED, CREATE, executedAt=60)
    decision = planning.decide(users, a_plan(CREATE, source_hash="h3"), current, approval="manual", now=200)
    assert decision.migration is not None and decision.migration.replaces
    assert planning.replaced_fields(decision.migration.status)["executedAt"] is None


def test_invalid_plans_are_replaced(users: Source) -> None:
    current = existing(users, Phase.INVALID, CREATE, invalidatedAt=70)
    decision = planning.decide(users, a_plan(CREATE, source_hash="h4"), current, approval="manual", now=200)
    assert decision.migration is not None
    assert "invalidatedAt" not in planning.replaced_fields(decision.migration.status)


def test_rejected_and_failed_stay_until_recalculated(users: Source) -> None:
    for phase, reason in (
        (Phase.REJECTED, Reason.MIGRATION_REJECTED),
        (Phase.FAILED, Reason.MIGRATION_FAILED),
    ):
        current = existing(users, phase, CREATE)
        decision = planning.decide(
            users, a_plan(CREATE, source_hash="h5"), current, approval="manual", now=200
        )
        assert decision.migration is None
        assert (decision.verdict.health, decision.verdict.reason) == (Health.STALLED, reason)
    asked = Source.of(table_body(annotations={planning.RECALCULATED_AT: "2026-01-01T00:00:00Z"}))
    current = existing(users, Phase.REJECTED, CREATE)
    decision = planning.decide(asked, a_plan(CREATE), current, approval="manual", now=200)
    assert decision.migration is not None
    assert decision.migration.status.recalculation == "2026-01-01T00:00:00Z"
    answered = existing(asked, Phase.PLANNED, CREATE, recalculation="2026-01-01T00:00:00Z")
    assert planning.decide(asked, a_plan(CREATE), answered, approval="manual", now=300).migration is None


def test_steps_travel_through_the_status_unchanged() -> None:
    plan = a_plan(CREATE, "insert into users values (1)")
    for step in plan.steps:
        assert planning.step_of(planning.step_status(step, Rollout.EXPAND)) == step


def test_spec_hash_ignores_key_order() -> None:
    assert planning.spec_sha({"a": 1, "b": [1, 2]}) == planning.spec_sha({"b": [1, 2], "a": 1})
    assert planning.spec_sha({"a": 1}) != planning.spec_sha({"a": 2})


def test_invalid_spec_names_paths() -> None:
    verdict = planning.invalid_spec(
        [Diagnostic("unknown-column", "no column 'x'", "spec.schema.sqlite.primaryKey[0]")]
    )
    assert verdict.health is Health.STALLED
    assert verdict.message == "spec.schema.sqlite.primaryKey[0]: no column 'x'"
