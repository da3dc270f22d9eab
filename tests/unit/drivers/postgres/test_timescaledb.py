"""The timescaledb flavour without a server (TimescaleDB is not packaged here): specs to model,
catalog rows to model, and typed changes to the exact statements upstream's goldens show."""

from __future__ import annotations

from schemahero.diffing import diff, order
from schemahero.drivers.postgres.hooks import QUERY_MARK, query_hash
from schemahero.drivers.timescaledb import hypertables
from schemahero.drivers.timescaledb.hypertables import Compression, Hypertable
from schemahero.drivers.timescaledb.inspect import hypertables_of
from schemahero.schema import documents
from schemahero.schema.changes import CreateObject, CreateTable, ModifyTable, ModifyTableAttrs, ReplaceObject
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import Column, Index, PrimaryKey, Schema, Table, View
from tests.compat.corpus import cases
from tests.unit.drivers.postgres.conftest import TIMESCALE, spec

SOME_DATA_VIEW = (
    "select time_bucket('1 minute'::interval, created_at) as minute_bucket, id, sum(something) as total\n"
    "from some_data\ngroup by minute_bucket, id"
)


def hypertable_of(block: dict[str, object]) -> Hypertable:
    desired, found = TIMESCALE.desired([spec("m", block, engine="timescaledb")])
    assert not found, found
    (table,) = desired.objects
    assert isinstance(table, Table)
    found_hypertable = table.attrs["hypertable"]
    assert isinstance(found_hypertable, Hypertable)
    return found_hypertable


COLUMNS = [
    {"name": "time", "type": "timestamptz", "constraints": {"notNull": True}},
    {"name": "device", "type": "text"},
    {"name": "value", "type": "double precision"},
]


def metrics(hypertable: Hypertable) -> Table:
    columns = (
        Column("time", "timestamp with time zone", False),
        Column("device", "text"),
        Column("value", "double precision"),
    )
    return Table("metrics", columns, attrs={"triggers": (), "hypertable": hypertable})


def render(*changes: object) -> list[str]:
    return [s.sql for s in TIMESCALE.render(list(changes))]  # type: ignore[arg-type]


def test_create_hypertable_with_every_option() -> None:
    found = hypertable_of(
        {
            "columns": COLUMNS,
            "hypertable": {
                "timeColumnName": "time",
                "partitioningColumn": "device",
                "numberPartitions": 4,
                "chunkTimeInterval": "1 day",
                "createDefaultIndexes": False,
                "ifNotExists": True,
                "partitioningFunc": "my_hash",
                "associatedSchemaName": "internal",
                "associatedTablePrefix": "m",
                "migrateData": True,
                "timePartitioningFunc": "to_ts",
                "compression": {"segmentBy": "device", "orderBy": "time DESC", "interval": "7 days"},
                "retention": {"interval": "90 days"},
            },
        }
    )
    assert render(CreateTable(metrics(found)))[1:] == [
        "select create_hypertable('metrics', 'time', partitioning_column => 'device', number_partitions "
        "=> 4, "
        "chunk_time_interval => INTERVAL '1 day', create_default_indexes => false, if_not_exists => true, "
        "migrate_data => true, partitioning_func => 'my_hash', associated_schema_name => 'internal', "
        "associated_table_prefix => 'm', time_partitioning_func => 'to_ts')",
        "alter table \"metrics\" set (timescaledb.compress, timescaledb.compress_segmentby = 'device', "
        "timescaledb.compress_orderby = 'time DESC')",
        "select add_compression_policy('metrics', interval '7 days')",
        "select add_retention_policy('metrics', interval '90 days')",
    ]


def test_upstream_create_table_golden() -> None:
    """timescaledb/create-table, planned offline against the state its fixtures make."""
    case = next(c for c in cases({"timescaledb"}) if c.id == "timescaledb/create-table")
    assert case.spec is not None and case.expect is not None
    desired, found = TIMESCALE.desired(documents.load(case.spec, case.spec_type))
    other = Table(
        "other",
        (Column("id", "integer", False), Column("something", "character varying(255)", False)),
        PrimaryKey(("id",), "other_pkey"),
        attrs={"triggers": ()},
    )
    changes = diff(Schema.of([other]), desired, TIMESCALE.hooks, {})
    text = "".join(f"{s.sql};\n" for s in TIMESCALE.render(order(changes)))
    assert not found and text == case.expect


def test_continuous_aggregate_goldens() -> None:
    """timescaledb/create- and drop-materialized-view need create_hypertable in their fixtures:
    planned here offline, against the state those fixtures make."""
    some_data = Table(
        "some_data",
        (
            Column("created_at", "timestamp without time zone", False),
            Column("id", "integer", False),
            Column("something", "integer", False),
        ),
        PrimaryKey(("created_at", "id"), "some_data_pkey"),
        (
            Index(
                "some_data_created_at_idx",
                ("created_at",),
                False,
                {"method": "btree", "with": (), "where": "", "timescaledb": True},
            ),
        ),
        attrs={"triggers": (), "hypertable": Hypertable("created_at", chunk_time_interval="7 days")},
    )
    live_view = View(
        "some_data_view", " SELECT ...", attrs={"continuous": True, "query_hash": query_hash(SOME_DATA_VIEW)}
    )
    for name, live in (
        ("create-materialized-view", [some_data]),
        ("drop-materialized-view", [some_data, live_view]),
    ):
        case = next(c for c in cases({"timescaledb"}) if c.id == f"timescaledb/{name}")
        assert case.spec is not None and case.expect is not None
        desired, found = TIMESCALE.desired(documents.load(case.spec, case.spec_type))
        assert not found
        planned = TIMESCALE.render(order(diff(Schema.of(live), desired, TIMESCALE.hooks, {})))
        golden = [s for s in case.expect.split(";\n") if s.strip()]
        assert [s.sql for s in planned][: len(golden)] == golden
        if name == "create-materialized-view":
            assert not planned[0].transactional
            assert [s.sql for s in planned][1:] == [
                f"comment on view \"some_data_view\" is '{QUERY_MARK}{query_hash(SOME_DATA_VIEW)}'"
            ]


def test_changes_to_a_hypertable() -> None:
    live = Hypertable(
        "time",
        chunk_time_interval="1 day",
        compression=Compression(("device",), "time desc", "7 days"),
        retention="30 days",
    )
    wanted = Hypertable(
        "time",
        chunk_time_interval="2 days",
        compression=Compression(("device", "value"), "", "7 days"),
        retention="",
    )
    assert render(ModifyTable(metrics(live), metrics(wanted), (ModifyTableAttrs(("hypertable",)),))) == [
        "select set_chunk_time_interval('metrics', INTERVAL '2 days')",
        'alter table "metrics" set (timescaledb.compress, timescaledb.compress_segmentby = \'device, '
        "value')",
        "select remove_retention_policy('metrics', if_exists => true)",
    ]
    steps = TIMESCALE.render(
        [ModifyTable(metrics(live), metrics(Hypertable("time")), (ModifyTableAttrs(("hypertable",)),))]
    )
    assert [s.sql for s in steps] == [
        'alter table "metrics" set (timescaledb.compress = false)',
        "select remove_compression_policy('metrics', if_exists => true)",
        "select remove_retention_policy('metrics', if_exists => true)",
    ]
    assert {h.kind for h in steps[0].hazards} == {HazardKind.MAY_FAIL_ON_DATA}
    plain = Table("metrics", metrics(live).columns, attrs={"triggers": ()})
    into = TIMESCALE.render(
        [ModifyTable(plain, metrics(Hypertable("time")), (ModifyTableAttrs(("hypertable",)),))]
    )
    assert [s.sql for s in into] == ["select create_hypertable('metrics', 'time')"]
    assert HazardKind.MAY_FAIL_ON_DATA in {h.kind for h in into[0].hazards}


def test_what_counts_as_a_change() -> None:
    live = Hypertable(
        "time", chunk_time_interval="1 day", compression=Compression(("device",), "time desc", "7 days")
    )
    assert not hypertables.changed(
        live,
        Hypertable(
            "time", chunk_time_interval="24 hours", compression=Compression(("device",), "", "168:00:00")
        ),
    )
    assert not hypertables.changed(live, None)
    assert hypertables.changed(None, Hypertable("time"))
    assert hypertables.changed(
        live, Hypertable("time", compression=Compression(("device",), "time asc", "7 days"))
    )
    assert hypertables.seconds("1 day 02:00:00") == 93600
    assert hypertables.same_interval("1 hour", "01:00:00")


def test_hypertables_from_catalog_rows() -> None:
    rows = {
        "dimensions": [
            ("public", "metrics", "time", "Time", "1 day", None),
            ("public", "metrics", "device", "Space", None, 4),
        ],
        "compression": [
            ("public", "metrics", "device", 1, None, None, None),
            ("public", "metrics", "time", None, 1, False, True),
        ],
        "policies": [
            ("public", "metrics", "policy_compression", "7 days"),
            ("public", "metrics", "policy_retention", "30 days"),
        ],
    }
    assert hypertables_of(rows) == {
        ("public", "metrics"): Hypertable(
            "time", "device", 4, "1 day", Compression(("device",), "time desc", "7 days"), "30 days"
        )
    }


def test_continuous_aggregates_are_replaced_by_drop_and_create() -> None:
    old = View("v", "select 1", attrs={"continuous": True})
    new = View("v", "select 2", attrs={"continuous": True, "with_no_data": True})
    steps = TIMESCALE.render([ReplaceObject(old, new), CreateObject(View("w", "select 3"))])
    assert [(s.sql, s.transactional) for s in steps][:2] == [
        ('drop materialized view "v"', True),
        ('create materialized view "v" with (timescaledb.continuous) as select 2 with no data', True),
    ]
    assert HazardKind.REWRITES_TABLE in {h.kind for h in steps[0].hazards}
    assert steps[3].sql == 'create view "w" as select 3'


def test_hypertable_diagnostics() -> None:
    _, found = TIMESCALE.desired(
        [
            spec(
                "m",
                {"columns": COLUMNS, "hypertable": {"timeColumnName": "when", "numberPartitions": 2}},
                engine="timescaledb",
            )
        ]
    )
    assert [(d.path, d.code) for d in found] == [
        ("spec.schema.timescaledb.hypertable.timeColumnName", "unknown-column"),
        ("spec.schema.timescaledb.hypertable.numberPartitions", "required"),
    ]
