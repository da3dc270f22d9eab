"""A driver whose databases live in memory, to test the contract's transport without a server.

It reads tables from `spec.schema.sqlite` and goes through EngineDriver like every real driver,
so that plans, source hashes and stale checks are real. Its URIs say how to behave:

- `memory://NAME`: a database named NAME (created empty on first use);
- `memory://down`: the database cannot be reached (UNAVAILABLE);
- `memory://crash...`: connecting raises an unexpected exception that quotes the URI;
- `params["sleep"]`: seconds to wait before connecting (for deadlines and graceful stops).

Run alone as `python -m tests.unit.driver_api.fake_driver --listen ENDPOINT`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemahero.diffing import Hooks
from schemahero.driver_api import (
    Capability,
    Connection,
    DriverError,
    EngineDriver,
    ErrorCode,
    Inspection,
    PluginInfo,
    Step,
    StepKind,
    StepResult,
    StepStatus,
)
from schemahero.driver_api.errors import locked, unavailable
from schemahero.driver_api.serve import main
from schemahero.schema import specs
from schemahero.schema.changes import Change, CreateTable, DropTable, ModifyTable, UpsertRows
from schemahero.schema.diagnostics import Diagnostic, has_errors
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import Column, Default, Desired, ObjectRef, Schema, SeedRow, Table
from schemahero.schema.parsing import parse, table_block
from schemahero.schema.sql_tables import seed_rows, to_table

CAPABILITIES = frozenset(
    {Capability.TRANSACTIONAL_DDL, Capability.SEED_DATA, Capability.EXPORT_SPEC, Capability.FIXTURES}
)
SPEC_SCHEMA = {"type": "object", "properties": {"columns": {"type": "array"}}, "maxColumns": 64}


@dataclass
class Database:
    schema: Schema = field(default_factory=Schema)
    rows: dict[ObjectRef, list[SeedRow]] = field(default_factory=dict)
    apply_lock: threading.Lock = field(default_factory=threading.Lock)


Effect = Callable[[Database], None]


class MemorySession:
    def __init__(self, database: Database, effects: Mapping[str, Effect]) -> None:
        self.database = database
        self.effects = effects

    def server_version(self) -> str:
        return "memory 1.0"

    def inspect(
        self, refs: Sequence[ObjectRef] | None, seeds: Mapping[ObjectRef, list[SeedRow]]
    ) -> Inspection:
        objects = self.database.schema.objects
        wanted = objects if refs is None else {r: objects[r] for r in refs if r in objects}
        present = {
            ref: frozenset(i for i, row in enumerate(rows) if row in self.database.rows.get(ref, []))
            for ref, rows in seeds.items()
        }
        return Inspection(Schema(dict(wanted)), present)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        if not self.database.apply_lock.acquire(blocking=False):
            raise locked()
        try:
            yield
        finally:
            self.database.apply_lock.release()

    def execute(self, steps: Sequence[Step], *, planned: bool) -> Iterator[StepResult]:
        """A planned apply is one transaction: a failure reports the earlier steps ROLLED_BACK."""
        before = copy.deepcopy((self.database.schema, self.database.rows))
        for index, step in enumerate(steps):
            effect = self.effects.get(step.sql)
            if effect is None:
                yield StepResult(index, StepStatus.FAILED, f"unknown statement: {step.sql}")
                if planned:
                    self.database.schema, self.database.rows = before
                    yield from (StepResult(i, StepStatus.ROLLED_BACK) for i in range(index))
                return
            effect(self.database)
            yield StepResult(index, StepStatus.APPLIED, duration_ms=0.5)

    def close(self) -> None:
        """Nothing to release."""


class MemoryEngine:
    info = PluginInfo("memory", "0.0.1", ("sqlite",), spec_schemas={"sqlite": SPEC_SCHEMA})
    capabilities = CAPABILITIES
    hooks = Hooks()

    def __init__(self) -> None:
        self.databases: dict[str, Database] = {}
        self.effects: dict[str, Effect] = {}

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        desired = Desired()
        problems: list[Diagnostic] = []
        for obj in objects:
            spec, found = parse(obj)
            problems += found
            if has_errors(found):
                continue
            if not isinstance(spec, specs.TableSpec):
                problem = Diagnostic("unsupported-kind", f"{obj.kind} is not supported", "kind")
                problems.append(problem.located(obj.source))
                continue
            block, path = table_block(spec, "sqlite")
            if block is None:
                problems.append(Diagnostic("required", "is required", path).located(obj.source))
                continue
            table = to_table(block, spec.name, normalize_type=str.lower, parse_default=_default)
            desired.objects.append(table)
            if spec.seed_data:
                desired.seeds[table.ref] = seed_rows(spec.seed_data)
        return desired, problems

    def connect(self, connection: Connection) -> MemorySession:
        time.sleep(float(connection.params.get("sleep", "0")))
        if connection.uri.startswith("memory://crash"):
            raise RuntimeError(f"cannot open {connection.uri}")
        if not connection.uri.startswith("memory://"):
            raise DriverError(ErrorCode.INVALID_ARGUMENT, "not a memory:// URI")
        if connection.uri == "memory://down":
            raise unavailable("the database is down")
        database = self.databases.setdefault(connection.uri, Database())
        return MemorySession(database, self.effects)

    def render(self, changes: Sequence[Change]) -> list[Step]:
        return [self._step(change) for change in changes]

    def export(self, schema: Schema) -> list[SpecObject]:
        return [
            SpecObject("Table", table.name, {"name": table.name, "schema": {"sqlite": _block(table)}})
            for table in schema.tables
        ]

    def _step(self, change: Change) -> Step:
        if isinstance(change, CreateTable | ModifyTable):
            table = change.table if isinstance(change, CreateTable) else change.to
            kind = StepKind.CREATE_TABLE if isinstance(change, CreateTable) else StepKind.ALTER_TABLE
            return self._effect(kind, table.ref, f"PUT {table!r}", lambda db: _put(db, table))
        if isinstance(change, DropTable):
            ref = change.table.ref
            hazard = Hazard(HazardKind.DELETES_DATA, f"drops {ref}")
            return self._effect(StepKind.DROP_TABLE, ref, f"DROP {ref}", lambda db: _drop(db, ref), hazard)
        if isinstance(change, UpsertRows):
            rows = change.rows
            hazard = Hazard(HazardKind.CHANGES_DATA, f"writes {len(rows)} rows")
            return self._effect(
                StepKind.UPSERT_ROWS,
                change.table,
                f"UPSERT {change.table} {rows!r}",
                lambda db: db.rows.setdefault(change.table, []).extend(rows),
                hazard,
            )
        raise NotImplementedError(type(change).__name__)

    def _effect(self, kind: StepKind, ref: ObjectRef, text: str, effect: Effect, *hazards: Hazard) -> Step:
        """A step whose statement names its effect, which `execute` finds by that statement."""
        sql = f"-- {kind.value} {ref} {hashlib.sha256(text.encode()).hexdigest()[:12]}"
        self.effects[sql] = effect
        return Step(sql, kind, ref, hazards)


def _default(text: str, type_: str) -> Default:
    return Default(text)


def _put(database: Database, table: Table) -> None:
    database.schema.objects[table.ref] = table


def _drop(database: Database, ref: ObjectRef) -> None:
    database.schema.objects.pop(ref, None)


def _block(table: Table) -> dict[str, Any]:
    """The `spec.schema.sqlite` block that `to_table` turns back into `table`."""
    block: dict[str, Any] = {"columns": [_column(c) for c in table.columns]}
    if table.primary_key:
        block["primaryKey"] = list(table.primary_key.columns)
    block["indexes"] = [
        {"name": i.name, "columns": list(i.columns), "isUnique": i.unique} for i in table.indexes
    ]
    block["foreignKeys"] = [
        {
            "name": fk.name,
            "columns": list(fk.columns),
            "references": {"table": fk.ref_table, "columns": list(fk.ref_columns)},
            **({"onDelete": fk.on_delete} if fk.on_delete else {}),
        }
        for fk in table.foreign_keys
    ]
    return block


def _column(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": column.name, "type": column.type}
    if not column.nullable:
        spec["constraints"] = {"notNull": True}
    if column.default is not None:
        spec["default"] = column.default.value
    return spec


def create_driver() -> EngineDriver:
    return EngineDriver(MemoryEngine())


if __name__ == "__main__":
    main(create_driver)
