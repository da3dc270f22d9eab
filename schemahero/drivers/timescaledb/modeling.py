"""TimescaleDB specs: the PostgreSQL ones read from `spec.schema.timescaledb`, plus a table's
`hypertable` and a view's `isContinuousAggregate`."""

from __future__ import annotations

from typing import Any

from schemahero.drivers.postgres.modeling import Modeler
from schemahero.drivers.timescaledb import hypertables
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic


class TimescaleModeler(Modeler):
    def table_attrs(
        self, block: specs.PostgresTableSchema, path: str, problems: list[Diagnostic]
    ) -> dict[str, Any]:
        attrs = super().table_attrs(block, path, problems)
        spec = block.hypertable if isinstance(block, specs.TimescaleTableSchema) else None
        if spec is None:
            return attrs
        columns = {c.name for c in block.columns}
        where = f"{path}.hypertable"
        for key, name in (
            ("timeColumnName", spec.time_column_name),
            ("partitioningColumn", spec.partitioning_column),
        ):
            if name and name not in columns:
                problems.append(
                    Diagnostic("unknown-column", f"no column named {name!r} in this table", f"{where}.{key}")
                )
        if spec.number_partitions is not None and not spec.partitioning_column:
            problems.append(
                Diagnostic(
                    "required", "numberPartitions needs a partitioningColumn", f"{where}.numberPartitions"
                )
            )
        if spec.compression and spec.compression.segment_by:
            for name in spec.compression.segment_by.split(","):
                if name.strip() not in columns:
                    problems.append(
                        Diagnostic(
                            "unknown-column",
                            f"no column named {name.strip()!r} in this table",
                            f"{where}.compression.segmentBy",
                        )
                    )
        return {**attrs, "hypertable": hypertables.from_spec(spec)}

    def view_attrs(self, block: specs.PostgresViewSchema) -> dict[str, Any]:
        if isinstance(block, specs.TimescaleViewSchema) and block.is_continuous_aggregate:
            return {"continuous": True, "with_no_data": block.with_no_data}
        return {}
