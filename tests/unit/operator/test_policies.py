"""Approval policies and drift settings: who approves a plan, and how a bad spec is told."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.driver_api.types import DataCheck, Plan, Step, StepKind
from schemahero.operator import planning, policies
from schemahero.operator.applying import verdict_of
from schemahero.operator.planning import Source
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import DataCheckStatus, HazardStatus, MigrationStep, Phase
from schemahero.schema import specs
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef

CREATE = MigrationStep("create table users (id integer)", "CreateTable")
DROP = MigrationStep(
    "alter table users drop column email",
    "AlterTable",
    hazards=[HazardStatus("deletes-data", "drops the column and its values")],
)
NOT_NULL = MigrationStep(
    "alter table users alter column email set not null",
    "AlterTable",
    checks=[DataCheckStatus("rows of users with NULL in email", "select count(*) ...", 3)],
)
CLEAN_CHECK = MigrationStep(
    "alter table users alter column nick set not null",
    "AlterTable",
    checks=[DataCheckStatus("rows of users with NULL in nick", "select count(*) ...", 0)],
)


@pytest.mark.parametrize(
    ("database", "source", "expected"),
    [
        ({}, {}, "manual"),
        ({"immediate_deploy": True}, {}, "auto"),
        ({"immediate_deploy": True, "approval": "auto-safe"}, {}, "auto-safe"),
        ({"approval": "auto"}, {"approval": "manual"}, "manual"),
        ({"immediate_deploy": True}, {"approval": "auto-safe"}, "auto-safe"),
    ],
)
def test_the_source_overrides_the_database_which_defaults_by_immediate_deploy(
    database: dict[str, Any], source: dict[str, Any], expected: str
) -> None:
    assert policies.approval_of(specs.DatabaseSpec(**database), source) == expected


def test_auto_safe_approves_only_plans_without_hazards_or_counted_rows() -> None:
    assert policies.approves("auto-safe", [CREATE, CLEAN_CHECK])
    assert not policies.approves("auto-safe", [CREATE, DROP])
    assert not policies.approves("auto-safe", [NOT_NULL])
    assert policies.approves("auto", [DROP, NOT_NULL])
    assert not policies.approves("manual", [CREATE])


def test_a_hold_names_every_reason_by_step() -> None:
    assert policies.hold_reasons([CREATE, CLEAN_CHECK, DROP, NOT_NULL]) == [
        "step 3: deletes-data: drops the column and its values",
        "step 4: 3 rows of users with NULL in email",
    ]
    many = policies.hold_message([f"step {n}: x" for n in range(1, 14)])
    assert many.startswith("held by approval policy auto-safe: step 1: x;") and many.endswith("(and 3 more)")


def test_a_held_migration_says_why_on_itself_and_its_source(users: Source) -> None:
    drop = Step(
        DROP.sql,
        StepKind.ALTER_TABLE,
        ObjectRef("table", "users"),
        (Hazard(HazardKind.DELETES_DATA, "drops the column and its values"),),
    )
    decision = planning.decide(users, Plan((drop,), "h1"), None, approval="auto-safe", now=5)
    assert decision.migration is not None
    status = decision.migration.status
    assert status.phase == Phase.PLANNED and status.approved_at is None and status.approval == "auto-safe"
    held = verdict_of(status, decision.migration.name)
    assert held.reason == Reason.HELD_BY_POLICY
    assert "step 1: deletes-data: drops the column and its values" in held.message
    assert decision.verdict.reason == Reason.AWAITING_APPROVAL
    assert "deletes-data" in decision.verdict.message


def test_auto_safe_approves_a_clean_plan_and_records_the_policy(users: Source) -> None:
    create = Step(CREATE.sql, StepKind.CREATE_TABLE, ObjectRef("table", "users"))
    checked = Step(CLEAN_CHECK.sql, StepKind.ALTER_TABLE, None, (), checks=(DataCheck("d", "q", 0),))
    decision = planning.decide(users, Plan((create, checked), "h1"), None, approval="auto-safe", now=5)
    assert decision.migration is not None
    assert decision.migration.status.approved_at == 5 and decision.migration.status.approval == "auto-safe"
    assert decision.verdict.reason == Reason.APPLYING


def test_manual_is_awaiting_approval_not_held(users: Source) -> None:
    drop = Step(DROP.sql, StepKind.ALTER_TABLE, None, (Hazard(HazardKind.DELETES_DATA, "x"),))
    decision = planning.decide(users, Plan((drop,), "h1"), None, approval="manual", now=5)
    assert decision.migration is not None
    assert verdict_of(decision.migration.status, "m").reason == Reason.AWAITING_APPROVAL


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [
        ("30s", 30.0),
        ("5m", 300.0),
        ("1h30m", 5400.0),
        ("500ms", 0.5),
        ("2.5s", 2.5),
        ("soon", None),
        ("5", None),
    ],
)
def test_durations(duration: str, seconds: float | None) -> None:
    assert policies.seconds(duration) == seconds


def test_drift_is_off_without_an_interval() -> None:
    assert policies.drift_of(specs.DatabaseSpec()) is None
    assert policies.drift_of(specs.DatabaseSpec(drift=specs.DriftSpec(policy="restore"))) is None
    on = policies.drift_of(specs.DatabaseSpec(drift=specs.DriftSpec(interval="2s", policy="restore")))
    assert on == policies.Drift(2.0, "restore")
    assert policies.drift_of(specs.DatabaseSpec(drift=specs.DriftSpec(interval="1m"))) == policies.Drift(
        60.0, "report"
    )


def test_bad_safety_fields_name_their_path() -> None:
    problems = policies.database_problems(
        {"approval": "sometimes", "drift": {"interval": "soon", "policy": "fix"}}
    )
    assert [f"{p.path}: {p.message}" for p in problems] == [
        "spec.approval: must be one of 'manual', 'auto', 'auto-safe', not 'sometimes'",
        "spec.drift.policy: must be one of 'report', 'restore', not 'fix'",
        "spec.drift.interval: must be a duration such as 30s, 5m or 1h, not 'soon'",
    ]
    assert policies.database_problems({"approval": "auto-safe", "drift": {"interval": "2s"}}) == []
    assert policies.database_problems({"drift": "5m"})[0].path == "spec.drift"
