"""TimescaleDB statements: PostgreSQL's, plus hypertables, compression, policies and
continuous aggregates. A hypertable is never turned back into a plain table."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from schemahero.driver_api.types import Step, StepKind
from schemahero.drivers.postgres.literals import literal
from schemahero.drivers.postgres.names import qualified
from schemahero.drivers.postgres.plan import Renderer
from schemahero.drivers.timescaledb import hypertables
from schemahero.drivers.timescaledb.hypertables import Compression, Hypertable
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef, Table, View

INTO_HYPERTABLE = (
    Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails if the table has rows, unless migrateData is set"),
    Hazard(HazardKind.EXCLUSIVE_LOCK, "locks the table while it becomes a hypertable"),
)
MIGRATE = (Hazard(HazardKind.REWRITES_TABLE, "moves every row into chunks"),)
RECOMPRESSION = (Hazard(HazardKind.MAY_FAIL_ON_DATA, "fails while chunks are compressed"),)
REFRESH = (Hazard(HazardKind.REWRITES_TABLE, "drops the aggregate's rows; creating it again computes them"),)


class TimescaleRenderer(Renderer):
    def create_table(
        self, table: Table, created_later: set[ObjectRef], waiting: dict[ObjectRef, list[Step]]
    ) -> list[Step]:
        steps = super().create_table(table, created_later, waiting)
        hypertable = table.attrs.get("hypertable")
        if hypertable is not None:
            steps.append(self.step(create_hypertable(table, hypertable), StepKind.ALTER_TABLE, table))
            steps += self.hypertable_settings(table, None, hypertable)
        return steps

    def attrs_changes(self, live: Table, table: Table) -> list[Step]:
        steps = super().attrs_changes(live, table)
        old, new = live.attrs.get("hypertable"), table.attrs.get("hypertable")
        if new is None or not hypertables.changed(old, new):
            return steps
        if old is None:
            hazards = INTO_HYPERTABLE + (MIGRATE if ("migrate_data", "true") in new.options else ())
            steps.append(self.step(create_hypertable(table, new), StepKind.ALTER_TABLE, table, hazards))
        elif new.chunk_time_interval and not hypertables.same_interval(
            new.chunk_time_interval, old.chunk_time_interval
        ):
            sql = f"select set_chunk_time_interval({_regclass(table)}, {_interval(new.chunk_time_interval)})"
            steps.append(self.step(sql, StepKind.ALTER_TABLE, table))
        return steps + self.hypertable_settings(table, old, new)

    def hypertable_settings(self, table: Table, old: Hypertable | None, new: Hypertable) -> list[Step]:
        """Compression settings, then the compression and retention policies."""
        steps = []
        before = old.compression if old else None
        if hypertables.compression_changed(before, new.compression):
            hazards = RECOMPRESSION if before is not None else ()
            steps.append(
                self.step(_compression(table, new.compression), StepKind.ALTER_TABLE, table, hazards)
            )
        if hypertables.policy_changed(before, new.compression):
            steps += self.policy(
                table,
                "compression",
                before.policy if before else "",
                new.compression.policy if new.compression else "",
            )
        steps += self.policy(table, "retention", old.retention if old else "", new.retention)
        return steps

    def policy(self, table: Table, kind: str, old: str, new: str) -> list[Step]:
        if hypertables.same_interval(new, old):
            return []
        steps = []
        if old:
            sql = f"select remove_{kind}_policy({_regclass(table)}, if_exists => true)"
            steps.append(self.step(sql, StepKind.ALTER_TABLE, table))
        if new:
            sql = f"select add_{kind}_policy({_regclass(table)}, interval {literal(new)})"
            steps.append(self.step(sql, StepKind.ALTER_TABLE, table))
        return steps

    def create_view(self, view: View, live: View | None) -> list[Step]:
        continuous, was = bool(view.attrs.get("continuous")), bool(live and live.attrs.get("continuous"))
        if not continuous and not was:
            return super().create_view(view, live)
        if not continuous:
            return [self.drop_view(live), *super().create_view(view, None)] if live else []
        kind = StepKind.CREATE_OBJECT if live is None else StepKind.REPLACE_OBJECT
        steps = [dataclasses.replace(self.drop_view(live), hazards=REFRESH)] if live is not None else []
        name = qualified(view.name, view.schema)
        no_data = bool(view.attrs.get("with_no_data"))
        create = f"create materialized view {name} with (timescaledb.continuous) as {view.query}"
        create += " with no data" if no_data else " with data"
        # Materializing the rows (with data) cannot run inside a transaction block.
        steps.append(self.step(create, kind, view, transactional=no_data))
        return [*steps, self.comment(view, kind)]

    def drop_view(self, view: View) -> Step:
        if not view.attrs.get("continuous"):
            return super().drop_view(view)
        return self.step(
            f"drop materialized view {qualified(view.name, view.schema)}", StepKind.DROP_OBJECT, view
        )


def create_hypertable(table: Table, hypertable: Hypertable) -> str:
    arguments = [_regclass(table), literal(hypertable.time_column)]
    if hypertable.partitioning_column:
        arguments.append(f"partitioning_column => {literal(hypertable.partitioning_column)}")
    if hypertable.number_partitions is not None:
        arguments.append(f"number_partitions => {hypertable.number_partitions}")
    if hypertable.chunk_time_interval:
        arguments.append(f"chunk_time_interval => {_interval(hypertable.chunk_time_interval)}")
    arguments += list(_options(hypertable))
    return f"select create_hypertable({', '.join(arguments)})"


def _options(hypertable: Hypertable) -> Iterator[str]:
    for key, value in hypertable.options:
        if value in ("true", "false") or key == "replication_factor":
            yield f"{key} => {value}"
        elif key == "data_nodes":
            yield f"{key} => array[{', '.join(literal(n) for n in value.split(','))}]"
        else:
            yield f"{key} => {literal(value)}"


def _compression(table: Table, compression: Compression | None) -> str:
    name = qualified(table.name, table.schema)
    if compression is None:
        return f"alter table {name} set (timescaledb.compress = false)"
    settings = ["timescaledb.compress"]
    if compression.segment_by:
        settings.append(f"timescaledb.compress_segmentby = {literal(', '.join(compression.segment_by))}")
    if compression.order_by:
        settings.append(f"timescaledb.compress_orderby = {literal(compression.order_by)}")
    return f"alter table {name} set ({', '.join(settings)})"


def _regclass(table: Table) -> str:
    """The table as create_hypertable and the policy functions take it: a quoted name."""
    return literal(qualified(table.name, table.schema, always=False))


def _interval(value: str) -> str:
    """A chunk interval: a number for integer time columns, else an interval literal."""
    return value if value.strip().isdigit() else f"INTERVAL {literal(value)}"
