"""The Cassandra facts kept in the model's open `attrs`, by key."""

from __future__ import annotations

PARTITION_KEY = "partition_key"
"""Table: the partition key columns, in order."""

CLUSTERING = "clustering"
"""Table: the clustering columns, each as (column, "asc" or "desc"), in order."""

ORDERED = "ordered"
"""Table, desired only: the clustering column the spec's clusteringOrder names ("" if none),
which the statement that creates the table spells out."""

PROPERTIES = "properties"
"""Table: table properties by CQL name. Desired: those the spec names, as it writes them; live:
every property a spec can name, as Cassandra reports it."""

DROPPED = "dropped"
"""Table, live only: the type Cassandra remembers for each dropped column, by column name."""

SOURCE = "source"
"""Table or type, desired only: where its spec came from, for the diagnostics of a refusal."""

STATIC = "static"
"""Column: a static column (one value per partition)."""
