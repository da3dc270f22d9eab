"""What to do after planning a source object (Table, View, ...): pure decisions, no I/O.

A plan that changes something becomes a Migration named by the source's spec hash (upstream's
naming: the first 7 hex digits of its sha256), owned by the source; an existing Migration of
the same name is kept while it still says the same thing, and replaced by the new plan when
the database moved, the spec's recalculation was asked for, or its plan went stale.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from schemahero.driver_api.rollout import Rollout, rollouts
from schemahero.driver_api.types import DataCheck, Plan, Step, StepKind
from schemahero.operator import policies
from schemahero.operator.conditions import Health, Verdict
from schemahero.operator.encoding import from_json, to_json
from schemahero.operator.reasons import Reason
from schemahero.operator.resources import MIGRATIONS
from schemahero.operator.statuses import (
    DataCheckStatus,
    HazardStatus,
    MigrationSpec,
    MigrationStatus,
    MigrationStep,
    ObjectName,
    Phase,
)
from schemahero.schema.diagnostics import Diagnostic, Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef

RECALCULATED_AT = "recalculatedAt"
"""The annotation `kubectl schemahero recalculate migration` sets on the source (upstream's)."""
SOURCE_UID_LABEL = "schemahero.io/source-uid"
DATABASE_LABEL = "schemahero.io/database"
PENDING: frozenset[str | None] = frozenset({Phase.PLANNED, Phase.APPROVED})


@dataclass(frozen=True)
class Source:
    """A source object as planning sees it."""

    api_version: str
    kind: str
    namespace: str
    name: str
    uid: str
    spec: Mapping[str, Any]
    annotations: Mapping[str, str]

    @classmethod
    def of(cls, body: Mapping[str, Any]) -> Source:
        meta = body.get("metadata") or {}
        return cls(
            str(body.get("apiVersion", "")),
            str(body.get("kind", "")),
            str(meta.get("namespace", "")),
            str(meta.get("name", "")),
            str(meta.get("uid", "")),
            body.get("spec") or {},
            meta.get("annotations") or {},
        )

    @property
    def spec_sha(self) -> str:
        return spec_sha(self.spec)

    @property
    def migration_name(self) -> str:
        return self.spec_sha[:7]

    @property
    def database(self) -> str:
        return str(self.spec.get("database") or "")

    def spec_object(self) -> SpecObject:
        name = str(self.spec.get("name") or self.name)
        return SpecObject(self.kind, name, self.spec, f"{self.kind} {self.namespace}/{self.name}")


@dataclass(frozen=True)
class MigrationWrite:
    """A Migration to create (no `existing`) or to overwrite with a new plan."""

    name: str
    body: dict[str, Any]
    status: MigrationStatus
    replaces: bool


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    migration: MigrationWrite | None = None
    keep: str | None = None
    """The name of the Migration that stays current (written or kept); others get superseded."""


def spec_sha(spec: Mapping[str, Any]) -> str:
    canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def invalid_spec(diagnostics: Sequence[Diagnostic]) -> Verdict:
    shown = "; ".join(_located(d) for d in diagnostics[:5])
    more = f" (and {len(diagnostics) - 5} more)" if len(diagnostics) > 5 else ""
    return Verdict(Health.STALLED, Reason.INVALID_SPEC, shown + more)


def decide(
    source: Source,
    plan: Plan,
    existing: Mapping[str, Any] | None,
    *,
    approval: str,
    now: int,
) -> Decision:
    """Given a plan of `source` and the Migration of its name (if any), what to write; the
    approval policy (policies.approval_of) decides whether it is approved as it is written."""
    if not plan.steps:
        return Decision(Verdict(Health.READY, Reason.UP_TO_DATE, "the database matches the spec"))
    name = source.migration_name
    if existing is not None:
        current = existing_status(existing)
        kept = _kept(source, plan, current)
        if kept is not None:
            return Decision(kept, keep=name)
    status = planned_status(source, plan, approval=approval, now=now)
    body = migration_body(source, plan, name)
    verdict = source_verdict(name, status)
    return Decision(verdict, MigrationWrite(name, body, status, existing is not None), keep=name)


def existing_status(migration: Mapping[str, Any]) -> MigrationStatus:
    return from_json(MigrationStatus, migration.get("status"))


def _kept(source: Source, plan: Plan, current: MigrationStatus) -> Verdict | None:
    """The source's verdict if the existing Migration stands, None if the new plan replaces it."""
    recalculation = source.annotations.get(RECALCULATED_AT)
    if recalculation and recalculation != current.recalculation:
        return None
    phase = current.phase
    if phase in PENDING and same_plan(current, plan):
        return source_verdict(source.migration_name, current)
    if phase in (Phase.REJECTED, Phase.FAILED):
        return source_verdict(source.migration_name, current)
    return None


def same_plan(status: MigrationStatus, plan: Plan) -> bool:
    return status.source_hash == plan.source_hash and [s.sql for s in status.steps] == [
        s.sql for s in plan.steps
    ]


def planned_status(source: Source, plan: Plan, *, approval: str, now: int) -> MigrationStatus:
    steps = [step_status(step, phase) for step, phase in zip(plan.steps, rollouts(plan.steps), strict=True)]
    approved = policies.approves(approval, steps)
    return MigrationStatus(
        phase=Phase.APPROVED if approved else Phase.PLANNED,
        planned_at=now,
        approved_at=now if approved else None,
        source_hash=plan.source_hash,
        source_spec_sha=source.spec_sha,
        recalculation=source.annotations.get(RECALCULATED_AT),
        approval=approval,
        steps=steps,
    )


def migration_body(source: Source, plan: Plan, name: str) -> dict[str, Any]:
    spec = MigrationSpec(
        table_name=source.name,
        table_namespace=source.namespace,
        database_name=source.database,
        generated_ddl=generated_ddl(plan.steps),
    )
    return {
        "apiVersion": MIGRATIONS.api_version,
        "kind": MIGRATIONS.kind,
        "metadata": {
            "name": name,
            "namespace": source.namespace,
            "labels": {SOURCE_UID_LABEL: source.uid, DATABASE_LABEL: source.database},
            "ownerReferences": [
                {
                    "apiVersion": source.api_version,
                    "kind": source.kind,
                    "name": source.name,
                    "uid": source.uid,
                    "controller": True,
                    "blockOwnerDeletion": False,
                }
            ],
        },
        "spec": to_json(spec),
    }


def replaced_fields(status: MigrationStatus) -> dict[str, Any]:
    """The status patch of a replaced plan: merge patches keep what they do not name."""
    patch: dict[str, Any] = dict.fromkeys(
        ("approvedAt", "rejectedAt", "executedAt", "message", "recalculation")
    )
    patch.update(to_json(status))
    return patch


def source_verdict(name: str, status: MigrationStatus) -> Verdict:
    """The health of a source whose current Migration is `name` with `status`."""
    phase = status.phase or Phase.PLANNED
    if phase == Phase.EXECUTED:
        return Verdict(Health.READY, Reason.MIGRATION_EXECUTED, f"Migration {name} was applied")
    if phase == Phase.REJECTED:
        return Verdict(Health.STALLED, Reason.MIGRATION_REJECTED, f"Migration {name} was rejected")
    if phase == Phase.FAILED:
        return Verdict(
            Health.STALLED,
            Reason.MIGRATION_FAILED,
            f"Migration {name} failed: {status.message or 'see the Migration'}",
        )
    if phase == Phase.INVALID:
        return Verdict(Health.PROGRESSING, Reason.PLANNED, f"Migration {name} is planned again")
    if status.approved_at:
        return Verdict(Health.PROGRESSING, Reason.APPLYING, f"Migration {name} is approved")
    held = held_by(status)
    why = f" ({held})" if held else ""
    return Verdict(
        Health.PROGRESSING,
        Reason.AWAITING_APPROVAL,
        f"Migration {name} awaits approval{why}: kubectl schemahero approve migration {name}",
    )


def held_by(status: MigrationStatus) -> str:
    """Why the approval policy holds this pending Migration ("" when it does not)."""
    pending = status.phase in (None, Phase.PLANNED) and not status.approved_at
    if not pending or status.approval != policies.AUTO_SAFE:
        return ""
    reasons = policies.hold_reasons(status.steps)
    return policies.hold_message(reasons) if reasons else ""


def generated_ddl(steps: Iterable[Step]) -> str:
    """The steps as upstream's generatedDDL: one statement per line, each ending in `;`."""
    return "".join(f"{step.sql};\n" for step in steps)


def step_status(step: Step, rollout: Rollout) -> MigrationStep:
    ref = step.object
    return MigrationStep(
        sql=step.sql,
        kind=step.kind.value,
        object=ObjectName(ref.kind, ref.name, ref.schema) if ref is not None else None,
        hazards=[HazardStatus(h.kind.value, h.message) for h in step.hazards],
        transactional=step.transactional,
        checks=[DataCheckStatus(c.description, c.sql, c.violations) for c in step.checks],
        rollout=rollout.value,
    )


def step_of(stored: MigrationStep) -> Step:
    """The Step to apply, exactly as it was planned."""
    ref = stored.object
    return Step(
        sql=stored.sql,
        kind=StepKind(stored.kind),
        object=ObjectRef(ref.kind, ref.name, ref.schema) if ref is not None else None,
        hazards=tuple(Hazard(HazardKind(h.kind), h.message) for h in stored.hazards),
        transactional=stored.transactional,
        checks=tuple(DataCheck(c.description, c.sql, c.violations) for c in stored.checks),
    )


def _located(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.path}: " if diagnostic.path else ""
    return f"{where}{diagnostic.message}"
