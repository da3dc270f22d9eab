"""TimescaleDB specs from the model: PostgreSQL's, with a hypertable block and continuous
aggregates written back as such."""

from __future__ import annotations

from typing import Any

from schemahero.drivers.postgres.export import Exporter
from schemahero.drivers.timescaledb.hypertables import Hypertable
from schemahero.schema.model import Table, View


class TimescaleExporter(Exporter):
    def table(self, table: Table) -> dict[str, Any]:
        block = super().table(table)
        hypertable: Hypertable | None = table.attrs.get("hypertable")
        if hypertable is None:
            return block
        spec: dict[str, Any] = {"timeColumnName": hypertable.time_column}
        if hypertable.partitioning_column:
            spec["partitioningColumn"] = hypertable.partitioning_column
        if hypertable.number_partitions is not None:
            spec["numberPartitions"] = hypertable.number_partitions
        if hypertable.chunk_time_interval:
            spec["chunkTimeInterval"] = hypertable.chunk_time_interval
        if hypertable.compression is not None:
            compression = hypertable.compression
            spec["compression"] = {
                key: value
                for key, value in (
                    ("segmentBy", ", ".join(compression.segment_by)),
                    ("orderBy", compression.order_by),
                    ("interval", compression.policy),
                )
                if value
            }
        if hypertable.retention:
            spec["retention"] = {"interval": hypertable.retention}
        return {**block, "hypertable": spec}

    def view(self, view: View) -> dict[str, Any]:
        block = super().view(view)
        return {**block, "isContinuousAggregate": True} if view.attrs.get("continuous") else block
