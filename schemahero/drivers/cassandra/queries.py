"""The catalog queries: one per object kind for the whole keyspace, whatever its size.

Each reads one system_schema table by its partition key (the keyspace), so that each is a
single-partition read. Materialized views have columns too: inspection keeps only the columns
of the tables TABLES returns.
"""

from __future__ import annotations

from schemahero.drivers.cassandra.properties import LIVE

TABLES = f"select table_name, {', '.join(LIVE)} from system_schema.tables where keyspace_name = %s"
"""table, then each property of properties.LIVE."""

COLUMNS = (
    "select table_name, column_name, kind, position, clustering_order, type"
    " from system_schema.columns where keyspace_name = %s"
)
"""table, column, kind (partition_key, clustering, static, regular), position in the key,
clustering order (asc, desc, none), type."""

DROPPED_COLUMNS = (
    "select table_name, column_name, type from system_schema.dropped_columns where keyspace_name = %s"
)
"""table, column, the type Cassandra keeps for it."""

TYPES = "select type_name, field_names, field_types from system_schema.types where keyspace_name = %s"
"""type, field names, field types (two lists in field order)."""

SERVER_VERSION = "select release_version from system.local"

SEEDED_ROWS = "select {columns} from {table} where {matches}"
"""The rows of one table that may be seed rows: `{matches}` is `column in %s` for each primary
key column, joined by `and`; each parameter is the set of that column's seed values."""
