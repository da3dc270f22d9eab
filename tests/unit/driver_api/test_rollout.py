"""Expand and contract: which steps may run before an application rollout."""

from __future__ import annotations

from schemahero.driver_api.rollout import Rollout, rollouts
from schemahero.driver_api.types import Step, StepKind
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef

USERS = ObjectRef("table", "users")
ORDERS = ObjectRef("table", "orders")
EXPAND, CONTRACT = Rollout.EXPAND, Rollout.CONTRACT


def step(kind: StepKind, ref: ObjectRef | None, *hazards: HazardKind) -> Step:
    return Step(f"-- {kind} {ref}", kind, ref, tuple(Hazard(h, "") for h in hazards))


def test_additions_expand_and_losses_contract() -> None:
    steps = [
        step(StepKind.CREATE_TABLE, ORDERS),
        step(StepKind.ALTER_TABLE, USERS),
        step(StepKind.CREATE_INDEX, USERS, HazardKind.BUILDS_INDEX, HazardKind.EXCLUSIVE_LOCK),
        step(StepKind.DROP_TABLE, ObjectRef("table", "old"), HazardKind.DELETES_DATA),
    ]
    assert rollouts(steps) == [EXPAND, EXPAND, EXPAND, CONTRACT]


def test_new_rules_over_old_writers_and_renames_contract() -> None:
    for hazard in (HazardKind.MAY_FAIL_ON_DATA, HazardKind.RENAMES, HazardKind.DELETES_DATA):
        assert rollouts([step(StepKind.ALTER_TABLE, USERS, hazard)]) == [CONTRACT]
    assert rollouts([step(StepKind.RENAME_TABLE, USERS)]) == [CONTRACT]
    assert rollouts([step(StepKind.DROP_OBJECT, ObjectRef("view", "v"))]) == [CONTRACT]


def test_independent_steps_of_one_table_keep_their_own_phase() -> None:
    steps = [
        step(StepKind.ALTER_TABLE, USERS, HazardKind.DELETES_DATA),
        step(StepKind.ALTER_TABLE, USERS),
        step(StepKind.ALTER_TABLE, USERS, HazardKind.MAY_FAIL_ON_DATA),
        step(StepKind.ALTER_TABLE, USERS),
    ]
    assert rollouts(steps) == [CONTRACT, EXPAND, CONTRACT, EXPAND]


def test_every_step_after_a_table_rename_waits_for_it() -> None:
    steps = [
        step(StepKind.ALTER_TABLE, ORDERS),
        step(StepKind.RENAME_TABLE, USERS, HazardKind.RENAMES),
        step(StepKind.ALTER_TABLE, USERS),
        step(StepKind.ALTER_TABLE, ORDERS),
    ]
    assert rollouts(steps) == [EXPAND, CONTRACT, CONTRACT, CONTRACT]


def test_a_transaction_group_is_one_unit() -> None:
    steps = [
        step(StepKind.BEGIN, None),
        step(StepKind.CREATE_TABLE, ObjectRef("table", "users_tmp")),
        step(StepKind.REBUILD_TABLE, USERS, HazardKind.REWRITES_TABLE, HazardKind.DELETES_DATA),
        step(StepKind.COMMIT, None),
        step(StepKind.BEGIN, None),
        step(StepKind.REBUILD_TABLE, ORDERS, HazardKind.REWRITES_TABLE),
        step(StepKind.COMMIT, None),
    ]
    assert rollouts(steps) == [CONTRACT] * 4 + [EXPAND] * 3
