"""kstatus conditions: the three of a verdict, merged without losing transition times."""

from __future__ import annotations

import datetime

from schemahero.operator.conditions import Health, Verdict, merge, summary
from schemahero.operator.encoding import from_json, to_json
from schemahero.operator.statuses import Condition, MigrationStatus, MigrationStep, ObjectName, SourceStatus

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(minutes=5)


def test_summary_says_one_of_ready_reconciling_stalled() -> None:
    for health, expected in (
        (Health.READY, ("True", "False", "False")),
        (Health.PROGRESSING, ("False", "True", "False")),
        (Health.STALLED, ("False", "False", "True")),
    ):
        conditions = summary(Verdict(health, "Why", "because"), 4)
        assert [c.type for c in conditions] == ["Ready", "Reconciling", "Stalled"]
        assert tuple(c.status for c in conditions) == expected
        assert all(c.observed_generation == 4 for c in conditions)
        assert conditions[0].reason == "Why" and conditions[0].message == "because"


def test_transition_time_moves_only_with_the_status() -> None:
    first, changed = merge([], summary(Verdict(Health.PROGRESSING, "Waiting"), 1), T0)
    assert changed and first[0].last_transition_time == "2026-01-01T00:00:00Z"
    same, changed = merge(first, summary(Verdict(Health.PROGRESSING, "Waiting"), 1), T1)
    assert not changed and same[0].last_transition_time == "2026-01-01T00:00:00Z"
    other, changed = merge(same, summary(Verdict(Health.PROGRESSING, "Retrying"), 1), T1)
    assert changed and other[0].last_transition_time == "2026-01-01T00:00:00Z"
    done, changed = merge(other, summary(Verdict(Health.READY, "UpToDate"), 2), T1)
    assert changed and done[0].last_transition_time == "2026-01-01T00:05:00Z"


def test_merge_keeps_conditions_it_is_not_given() -> None:
    merged, _ = merge(
        [Condition("Connected", "True", "Connected")], summary(Verdict(Health.READY, "Ok"), 1), T0
    )
    assert [c.type for c in merged] == ["Connected", "Ready", "Reconciling", "Stalled"]


def test_statuses_read_back_what_was_written() -> None:
    status = MigrationStatus(
        phase="PLANNED",
        planned_at=5,
        source_spec_sha="abc",
        steps=[MigrationStep("create table t (x int)", "CreateTable", ObjectName("table", "t"))],
    )
    data = to_json(status)
    assert data["sourceSpecSHA"] == "abc" and "approvedAt" not in data
    assert data["steps"][0]["object"] == {"kind": "table", "name": "t", "schema": ""}
    assert from_json(MigrationStatus, data) == status


def test_a_status_that_does_not_fit_reads_as_empty() -> None:
    assert from_json(SourceStatus, None) == SourceStatus()
    assert from_json(SourceStatus, {"kopf": {"progress": {}}, "conditions": []}) == SourceStatus()
