"""The data of the driver contract (schemahero.driver.v1), as Python values.

Both sides use these: DriverClient turns them into protobuf messages and back, the in-process
adapter passes them as they are. See CONTRACT.md for what each field means.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemahero.schema.diagnostics import Diagnostic, has_errors
from schemahero.schema.hazards import Hazard
from schemahero.schema.model import ObjectRef

API_VERSION = "v1"


class Capability(enum.StrEnum):
    TRANSACTIONAL_DDL = "TRANSACTIONAL_DDL"
    ADVISORY_LOCK = "ADVISORY_LOCK"
    VIEWS = "VIEWS"
    FUNCTIONS = "FUNCTIONS"
    EXTENSIONS = "EXTENSIONS"
    TYPES = "TYPES"
    SEED_DATA = "SEED_DATA"
    EXPORT_SPEC = "EXPORT_SPEC"
    FIXTURES = "FIXTURES"


@dataclass(frozen=True)
class PluginInfo:
    name: str
    vendor_version: str
    engines: tuple[str, ...]
    api_versions: tuple[str, ...] = (API_VERSION,)
    spec_schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """JSON Schema of each engine's `spec.schema.<engine>` block, by engine."""


@dataclass(frozen=True)
class Connection:
    """How to reach one database. Sensitive: never logged, never in a status (see __repr__)."""

    uri: str = ""
    params: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Connection(uri=<redacted>, params=<{len(self.params)} redacted>)"

    __str__ = __repr__


@dataclass(frozen=True)
class ServerInfo:
    server_version: str
    diagnostics: tuple[Diagnostic, ...] = ()


class StepKind(enum.StrEnum):
    """What a step does; most name the change that produced it."""

    CREATE_TABLE = "CreateTable"
    DROP_TABLE = "DropTable"
    ALTER_TABLE = "AlterTable"
    REBUILD_TABLE = "RebuildTable"
    RENAME_TABLE = "RenameTable"
    CREATE_INDEX = "CreateIndex"
    DROP_INDEX = "DropIndex"
    UPSERT_ROWS = "UpsertRows"
    CREATE_OBJECT = "CreateObject"
    DROP_OBJECT = "DropObject"
    REPLACE_OBJECT = "ReplaceObject"
    BACKFILL = "Backfill"
    BEGIN = "Begin"
    """Opens a transaction of the plan's own (an SQLite rebuild); a plan-wide one replaces it."""
    COMMIT = "Commit"
    RAW = "Raw"
    """A statement given as text (`apply --ddl`), not planned."""
    ALTER_DATABASE = "AlterDatabase"
    """The database's own defaults (MySQL: character set, collation); the step has no object."""


@dataclass(frozen=True)
class DataCheck:
    """A pre-flight check: a query counting the rows a step would fail on or lose.

    The driver counts when it plans (`violations`) and again, under the apply lock, before it
    runs the first statement of a planned apply: a count above zero stops the apply unrun.
    """

    description: str
    """What the counted rows are, as a noun phrase: "rows of users with NULL in email"."""
    sql: str
    """A query in the engine's language returning one integer."""
    violations: int | None = None
    """The count when the plan was made; None before it was counted."""

    def __str__(self) -> str:
        return self.description if self.violations is None else rows_found(self.violations, self.description)


def rows_found(count: int, description: str) -> str:
    """A check's count before its description: "3 rows of users ...", "1 row of users ..."."""
    if count == 1 and description.startswith("rows "):
        description = "row " + description.removeprefix("rows ")
    return f"{count} {description}"


@dataclass(frozen=True)
class Step:
    """One statement of a plan, with the object and change it comes from."""

    sql: str
    kind: StepKind
    object: ObjectRef | None = None
    hazards: tuple[Hazard, ...] = ()
    transactional: bool = True
    checks: tuple[DataCheck, ...] = ()


@dataclass(frozen=True)
class PlanOptions:
    seed_data: bool = True


DEFAULT_PLAN_OPTIONS = PlanOptions()


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    source_hash: str
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class StepStatus(enum.StrEnum):
    APPLIED = "APPLIED"
    SKIPPED = "SKIPPED"
    """Not run: the database already has what the plan would make."""
    FAILED = "FAILED"
    ROLLED_BACK = "ROLLED_BACK"
    """Ran, then undone with the transaction when a later step failed."""


@dataclass(frozen=True)
class StepResult:
    index: int
    status: StepStatus
    message: str = ""
    duration_ms: float = 0.0


@dataclass(frozen=True)
class ExportScope:
    """Which objects ExportSpec reads: all when both are empty."""

    schemas: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()


EVERYTHING = ExportScope()
