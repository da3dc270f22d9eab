"""What the operator writes: status of every kind and the Migration spec, as typed data.

The CRDs' schemas are generated from these types (as the spec schemas are from
`schemahero.schema.specs`), and the operator reads statuses back through the same decoder as
specs, so that what is written, published and read cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

PhaseName = Literal["PLANNED", "APPROVED", "EXECUTED", "REJECTED", "FAILED", "INVALID"]


class Phase:
    """Where a Migration is in its life: the values of `status.phase`."""

    PLANNED: Final = "PLANNED"
    APPROVED: Final = "APPROVED"
    EXECUTED: Final = "EXECUTED"
    REJECTED: Final = "REJECTED"
    FAILED: Final = "FAILED"
    INVALID: Final = "INVALID"


@dataclass
class Condition:
    """A kstatus condition: Ready, Reconciling or Stalled, and per kind DriverReady, Connected."""

    type: str
    status: Literal["True", "False", "Unknown"]
    reason: str = ""
    message: str = ""
    last_transition_time: str = ""
    observed_generation: int | None = None


@dataclass
class DriverStatus:
    """The driver serving this database: its name and version, and where it runs from."""

    name: str = ""
    version: str = ""
    source: str = ""
    """`sidecar`, `localPath` or `in-tree`."""
    image: str | None = None
    """A sidecar's image, pinned by digest."""
    digest: str | None = None
    fallback: str | None = None
    """Why the driver the spec asks for does not serve, when this one serves in its place."""


@dataclass
class DatabaseStatus:
    """What the operator last learnt of this database and its driver."""

    driver: DriverStatus | None = None
    server_version: str | None = None
    observed_generation: int | None = None
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class SourceStatus:
    """The planning state of a Table, View, Function, DatabaseExtension or DataType."""

    last_planned_table_spec_sha: str | None = field(default=None, metadata={"key": "lastPlannedTableSpecSHA"})
    last_planned_at: int | None = None
    """When the operator last compared the database with the spec (unix seconds)."""
    migration: str | None = None
    """The Migration planned from the current spec, if any."""
    drift: list[str] | None = None
    """The statements that would bring the database back to the spec, when it drifted from it."""
    observed_generation: int | None = None
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class ObjectName:
    """A database object a step changes: kind (table, view, ...), name and schema."""

    kind: str
    name: str
    schema: str = ""


@dataclass
class HazardStatus:
    """What a step may do besides changing the schema (deletes-data, rewrites-table, ...)."""

    kind: str
    message: str = ""


@dataclass
class DataCheckStatus:
    """A pre-flight count of the rows a step would fail on or lose (recounted before apply)."""

    description: str
    sql: str
    violations: int | None = None
    """How many rows broke the step when it was planned."""


@dataclass
class StepOutcome:
    """How a step went when the Migration was applied."""

    status: Literal["APPLIED", "SKIPPED", "FAILED", "ROLLED_BACK"]
    message: str = ""
    duration_ms: float | None = field(default=None, metadata={"key": "durationMs"})


@dataclass
class MigrationStep:
    """One planned statement, applied as stored: the plan travels as steps, never re-split."""

    sql: str
    kind: str
    object: ObjectName | None = None
    hazards: list[HazardStatus] = field(default_factory=list)
    transactional: bool = True
    checks: list[DataCheckStatus] = field(default_factory=list)
    rollout: str = "expand"
    """`expand`: safe before the application's rollout; `contract`: only safe after it."""
    result: StepOutcome | None = None


@dataclass
class MigrationSpec:
    """What a Migration changes: upstream's fields, its DDL as text for review."""

    table_name: str
    table_namespace: str
    database_name: str = ""
    generated_ddl: str = field(default="", metadata={"key": "generatedDDL"})
    edited_ddl: str = field(default="", metadata={"key": "editedDDL"})


@dataclass
class MigrationStatus:
    """Phase and upstream's timestamps (unix seconds), plus the stored plan and its source hash."""

    phase: PhaseName | None = None
    planned_at: int | None = None
    approved_at: int | None = None
    rejected_at: int | None = None
    executed_at: int | None = None
    invalidated_at: int | None = None
    source_hash: str | None = None
    """Fingerprint of the live objects the plan was made from; apply refuses if it moved."""
    source_spec_sha: str | None = field(default=None, metadata={"key": "sourceSpecSHA"})
    """sha256 of the source's spec this plan was made from."""
    recalculation: str | None = None
    """The source's recalculatedAt annotation this plan answers."""
    approval: str | None = None
    """The approval policy that decided this plan: manual, auto or auto-safe."""
    message: str | None = None
    steps: list[MigrationStep] = field(default_factory=list)
    observed_generation: int | None = None
    conditions: list[Condition] = field(default_factory=list)
