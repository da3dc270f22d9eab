"""The v1alpha4 spec types of every kind, as users write them (field names are upstream's).

These are plain data read from YAML or JSON by `schemahero.schema.decoding`; drivers turn the
block of their engine into the engine-neutral model of `schemahero.schema.model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Approval = Literal["manual", "auto", "auto-safe"]
"""Who approves a Migration: a person (manual), the operator (auto), or the operator only when no
step carries a hazard and no pre-flight check counted a row (auto-safe)."""

# --- Table: the blocks shared by the SQL engines ------------------------------------------


@dataclass
class ColumnConstraints:
    not_null: bool | None = None


@dataclass
class ColumnAttributes:
    auto_increment: bool | None = None


@dataclass
class SqlColumn:
    name: str
    type: str
    constraints: ColumnConstraints | None = None
    attributes: ColumnAttributes | None = None
    default: str | None = None
    previous_names: list[str] = field(default_factory=list)


@dataclass
class ForeignKeyReferences:
    table: str
    columns: list[str]


@dataclass
class SqlForeignKey:
    columns: list[str]
    references: ForeignKeyReferences
    name: str | None = None
    on_delete: str | None = None


@dataclass
class SqlIndex:
    columns: list[str]
    name: str | None = None
    is_unique: bool = False
    type: str | None = None


@dataclass
class SqlTableSchema:
    """The shape every SQL engine shares: columns, primary key, foreign keys, indexes."""

    columns: list[SqlColumn] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[SqlForeignKey] = field(default_factory=list)
    indexes: list[SqlIndex] = field(default_factory=list)
    is_deleted: bool = False


# --- Table: engine blocks --------------------------------------------------------------------


@dataclass
class SqliteTableSchema(SqlTableSchema):
    strict: bool = False


@dataclass
class RqliteTableSchema(SqliteTableSchema):
    pass


@dataclass
class MysqlColumn(SqlColumn):
    charset: str | None = None
    collation: str | None = None


@dataclass
class MysqlTableSchema(SqlTableSchema):
    columns: list[MysqlColumn] = field(default_factory=list)  # type: ignore[assignment]
    default_charset: str | None = None
    collation: str | None = None


@dataclass
class PostgresIndex(SqlIndex):
    with_: dict[str, str | int] = field(default_factory=dict, metadata={"key": "with"})
    where: str | None = None


@dataclass
class TriggerParam:
    type: str
    name: str | None = None
    mode: Literal["IN", "OUT", "INOUT", "VARIADIC"] | None = None


@dataclass
class TriggerExecute:
    name: str
    type: Literal["Procedure", "Function"] = "Procedure"
    schema: str | None = None
    params: list[TriggerParam] = field(default_factory=list)


@dataclass
class PostgresTrigger:
    """A trigger; exactly one of `execute` and the older `executeProcedure` names its body."""

    events: list[str]
    name: str | None = None
    execute: TriggerExecute | None = None
    execute_procedure: str | None = None
    constraint_trigger: bool | None = None
    for_each_statement: bool | None = None
    for_each_run: bool | None = None
    condition: str | None = None


@dataclass
class PostgresTableSchema(SqlTableSchema):
    indexes: list[PostgresIndex] = field(default_factory=list)  # type: ignore[assignment]
    schema: str | None = None
    triggers: list[PostgresTrigger] = field(default_factory=list)
    json_triggers: list[PostgresTrigger] = field(default_factory=list, metadata={"key": "json:triggers"})
    """Deprecated upstream spelling of `triggers`."""


@dataclass
class HypertableCompression:
    segment_by: str | None = None
    order_by: str | None = None
    interval: str | None = None


@dataclass
class HypertableRetention:
    interval: str


@dataclass
class Hypertable:
    time_column_name: str
    partitioning_column: str | None = None
    number_partitions: int | None = None
    chunk_time_interval: str | None = None
    create_default_indexes: bool | None = None
    if_not_exists: bool | None = None
    partitioning_func: str | None = None
    associated_schema_name: str | None = None
    associated_table_prefix: str | None = None
    migrate_data: bool | None = None
    time_partitioning_func: str | None = None
    data_nodes: list[str] = field(default_factory=list)
    replication_factor: int | None = None
    compression: HypertableCompression | None = None
    retention: HypertableRetention | None = None


@dataclass
class TimescaleTableSchema(PostgresTableSchema):
    hypertable: Hypertable | None = None


@dataclass
class CassandraColumn:
    name: str
    type: str
    is_static: bool = False


@dataclass
class CassandraClusteringOrder:
    column: str
    is_descending: bool = False


@dataclass
class CassandraTableProperties:
    bloom_filter_fp_chance: str | None = field(default=None, metadata={"key": "bloomFilterFPChance"})
    caching: dict[str, str] = field(default_factory=dict)
    comment: str | None = None
    compaction: dict[str, str] = field(default_factory=dict)
    compression: dict[str, str] = field(default_factory=dict)
    crc_check_chance: str | None = None
    dc_local_read_repair_chance: str | None = field(default=None, metadata={"key": "dcLocalReadRepairChance"})
    default_ttl: int | None = field(default=None, metadata={"key": "defaultTTL"})
    gc_grace_seconds: int | None = None
    max_index_interval: int | None = None
    memtable_flush_period_ms: int | None = None
    min_index_interval: int | None = None
    read_repair_chance: str | None = None
    speculative_retry: str | None = None


@dataclass
class CassandraTableSchema:
    columns: list[CassandraColumn] = field(default_factory=list)
    primary_key: list[list[str]] = field(default_factory=list)
    clustering_order: CassandraClusteringOrder | None = None
    properties: CassandraTableProperties | None = None
    is_deleted: bool = False


@dataclass
class TableSchemas:
    postgres: PostgresTableSchema | None = None
    cockroachdb: PostgresTableSchema | None = None
    timescaledb: TimescaleTableSchema | None = None
    mysql: MysqlTableSchema | None = None
    sqlite: SqliteTableSchema | None = None
    rqlite: RqliteTableSchema | None = None
    cassandra: CassandraTableSchema | None = None


# --- Seed data -----------------------------------------------------------------------------


@dataclass
class SeedValue:
    """One value: `str` or `int`; neither means SQL NULL."""

    str_: str | None = field(default=None, metadata={"key": "str"})
    int_: int | None = field(default=None, metadata={"key": "int"})


@dataclass
class SeedColumn:
    column: str
    value: SeedValue


@dataclass
class SeedRow:
    columns: list[SeedColumn]


@dataclass
class SeedData:
    rows: list[SeedRow] = field(default_factory=list)


@dataclass
class TableSpec:
    name: str
    database: str = ""
    requires: list[str] = field(default_factory=list)
    schema: TableSchemas | None = None
    seed_data: SeedData | None = None
    previous_names: list[str] = field(default_factory=list)
    approval: Approval | None = None
    """Overrides the Database's `approval` for this table's Migrations."""


# --- View, Function, DatabaseExtension, DataType ------------------------------------------------


@dataclass
class PostgresViewSchema:
    query: str
    schema: str | None = None
    is_deleted: bool = False


@dataclass
class TimescaleViewSchema(PostgresViewSchema):
    is_continuous_aggregate: bool = False
    with_no_data: bool = False


@dataclass
class ViewSchemas:
    postgres: PostgresViewSchema | None = None
    timescaledb: TimescaleViewSchema | None = None
    mysql: PostgresViewSchema | None = None
    sqlite: PostgresViewSchema | None = None


@dataclass
class ViewSpec:
    name: str
    database: str = ""
    requires: list[str] = field(default_factory=list)
    schema: ViewSchemas | None = None
    approval: Approval | None = None


@dataclass
class FunctionParam:
    name: str
    type: str
    mode: str | None = None


@dataclass
class PostgresFunctionSchema:
    as_: str = field(metadata={"key": "as"})
    lang: str = "sql"
    return_: str = field(default="void", metadata={"key": "return"})
    params: list[FunctionParam] = field(default_factory=list)
    schema: str | None = None
    is_deleted: bool = False


@dataclass
class FunctionSchemas:
    postgres: PostgresFunctionSchema | None = None
    timescaledb: PostgresFunctionSchema | None = None


@dataclass
class FunctionSpec:
    name: str
    database: str = ""
    schema: FunctionSchemas | None = None
    approval: Approval | None = None


@dataclass
class PostgresExtension:
    name: str
    version: str | None = None
    schema: str | None = None


@dataclass
class DatabaseExtensionSpec:
    database: str = ""
    postgres: PostgresExtension | None = None
    timescaledb: PostgresExtension | None = None
    remove_on_deletion: bool = False
    approval: Approval | None = None


@dataclass
class TypeField:
    name: str
    type: str


@dataclass
class CassandraDataType:
    fields: list[TypeField] = field(default_factory=list)
    is_deleted: bool = False


@dataclass
class PostgresEnumType:
    values: list[str] = field(default_factory=list)
    schema: str | None = None
    is_deleted: bool = False


@dataclass
class DataTypeSchemas:
    cassandra: CassandraDataType | None = None
    postgres: PostgresEnumType | None = None


@dataclass
class DataTypeSpec:
    name: str
    database: str = ""
    schema: DataTypeSchemas | None = None
    approval: Approval | None = None


# --- Database ------------------------------------------------------------------------------------


@dataclass
class SecretKeyRef:
    name: str
    key: str


@dataclass
class VaultRef:
    secret: str
    role: str | None = None
    kubernetes_auth_endpoint: str | None = None
    endpoint: str | None = None
    service_account: str | None = None
    service_account_namespace: str | None = None
    connection_template: str | None = None
    agent_inject: bool | None = None


@dataclass
class SecretKeyValueFrom:
    secret_key_ref: SecretKeyRef


@dataclass
class SecretValue:
    """A value given inline or read from a Secret (no Vault or SSM: credentials for those)."""

    value: str | None = None
    value_from: SecretKeyValueFrom | None = None


@dataclass
class SsmRef:
    name: str
    with_decryption: bool = False
    region: str | None = None
    access_key_id: SecretValue | None = field(default=None, metadata={"key": "accessKeyId"})
    secret_access_key: SecretValue | None = None


@dataclass
class ValueFrom:
    secret_key_ref: SecretKeyRef | None = None
    vault: VaultRef | None = None
    ssm: SsmRef | None = None


@dataclass
class ValueOrValueFrom:
    value: str | None = None
    value_from: ValueFrom | None = None


@dataclass
class PluginRef:
    """Where the driver of this Database comes from (resolution order: localPath, ociRef)."""

    oci_ref: str | None = None
    local_path: str | None = None
    pull_secret: str | None = None


@dataclass
class EngineConnection:
    uri: ValueOrValueFrom | None = None
    dsn: ValueOrValueFrom | None = None
    host: ValueOrValueFrom | None = None
    hosts: list[str] = field(default_factory=list)
    port: ValueOrValueFrom | None = None
    user: ValueOrValueFrom | None = None
    username: ValueOrValueFrom | None = None
    password: ValueOrValueFrom | None = None
    dbname: ValueOrValueFrom | None = None
    keyspace: ValueOrValueFrom | None = None
    schema: ValueOrValueFrom | None = None
    sslmode: ValueOrValueFrom | None = None
    default_charset: str | None = None
    collation: str | None = None
    disable_tls: bool | None = field(default=None, metadata={"key": "disableTLS"})


@dataclass
class SqliteConnection:
    """SQLite is a file on a volume of the operator's pod: `dsn` is its path."""

    dsn: str


@dataclass
class DatabaseConnection:
    postgres: EngineConnection | None = None
    cockroachdb: EngineConnection | None = None
    timescaledb: EngineConnection | None = None
    mysql: EngineConnection | None = None
    sqlite: SqliteConnection | None = None
    rqlite: EngineConnection | None = None
    cassandra: EngineConnection | None = None
    plugin: PluginRef | None = None


@dataclass
class DriftSpec:
    """Periodic re-planning of the objects that matched the database, to find changes made by hand."""

    interval: str | None = None
    """How often, as a duration (30s, 5m, 1h30m); unset: never."""
    policy: Literal["report", "restore"] = "report"
    """report: conditions, Events and metrics only; restore: a Migration back to the spec."""


@dataclass
class DatabaseSpec:
    connection: DatabaseConnection | None = None
    immediate_deploy: bool = False
    approval: Approval | None = None
    """Default `auto` with immediateDeploy, else `manual`; a source's `approval` overrides it."""
    drift: DriftSpec | None = None
    deploy_seed_data: bool = False
    enable_shell_command: bool = False
    schemahero: dict[str, Any] = field(default_factory=dict)
    template: dict[str, Any] = field(default_factory=dict)


KIND_SPECS: dict[str, type] = {
    "Table": TableSpec,
    "View": ViewSpec,
    "Function": FunctionSpec,
    "DatabaseExtension": DatabaseExtensionSpec,
    "DataType": DataTypeSpec,
    "Database": DatabaseSpec,
}
"""The spec type of each kind, by the kind's name."""

SPEC_TYPES: dict[str, str] = {
    "table": "Table",
    "view": "View",
    "function": "Function",
    "extension": "DatabaseExtension",
    "databaseextension": "DatabaseExtension",
    "type": "DataType",
    "datatype": "DataType",
}
"""The CLI's `--spec-type` values, to kinds."""
