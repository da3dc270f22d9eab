"""TimescaleDB's catalog: its information views, read once the extension is known to exist."""

from __future__ import annotations

INSTALLED = "select extversion from pg_extension where extname = 'timescaledb'"

DIMENSIONS = """
select hypertable_schema, hypertable_name, column_name, dimension_type,
       coalesce(time_interval::text, integer_interval::text), num_partitions
from timescaledb_information.dimensions
order by hypertable_schema, hypertable_name, dimension_number
"""
"""Every dimension of every hypertable: the time one first, then space ones."""

COMPRESSION = """
select hypertable_schema, hypertable_name, attname, segmentby_column_index,
       orderby_column_index, orderby_asc, orderby_nullsfirst
from timescaledb_information.compression_settings
order by hypertable_schema, hypertable_name,
         segmentby_column_index nulls last, orderby_column_index nulls last
"""
"""Compression's segmentby and orderby columns (the view kept for every 2.x release)."""

POLICIES = """
select hypertable_schema, hypertable_name, proc_name,
       coalesce(config ->> 'drop_after', config ->> 'compress_after')
from timescaledb_information.jobs
where proc_name in ('policy_retention', 'policy_compression')
order by job_id
"""

CONTINUOUS_AGGREGATES = """
select view_schema, view_name, view_definition
from timescaledb_information.continuous_aggregates
"""
