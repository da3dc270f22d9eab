"""Table properties: checked, printed as upstream prints them, compared only where a spec names them."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.drivers.cassandra import properties
from schemahero.schema import specs
from schemahero.schema.decoding import decode
from schemahero.schema.diagnostics import Severity

LIVE: dict[str, Any] = {
    "bloom_filter_fp_chance": 0.01,
    "caching": {"keys": "ALL", "rows_per_partition": "NONE"},
    "comment": "",
    "compaction": {
        "class": "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
        "max_threshold": "32",
        "min_threshold": "4",
    },
    "compression": {"chunk_length_in_kb": "16", "class": "org.apache.cassandra.io.compress.LZ4Compressor"},
    "crc_check_chance": 1.0,
    "default_time_to_live": 0,
    "gc_grace_seconds": 864000,
    "max_index_interval": 2048,
    "memtable_flush_period_in_ms": 0,
    "min_index_interval": 128,
    "speculative_retry": "99p",
}
"""A table created without options, as Cassandra 5 reports it."""


def named(**fields: Any) -> dict[str, Any]:
    found, problems = properties.from_spec(specs.CassandraTableProperties(**fields), "p")
    assert not problems, problems
    return found


def test_removed_properties_are_a_warning_and_left_out() -> None:
    block = specs.CassandraTableProperties(
        dc_local_read_repair_chance="0.1", read_repair_chance="0", comment="x"
    )
    found, problems = properties.from_spec(block, "spec.schema.cassandra.properties")
    assert found == {"comment": "x"}
    assert [(p.severity, p.path) for p in problems] == [
        (Severity.WARNING, "spec.schema.cassandra.properties.dcLocalReadRepairChance"),
        (Severity.WARNING, "spec.schema.cassandra.properties.readRepairChance"),
    ]
    assert "Cassandra 4.0 removed dclocal_read_repair_chance" in problems[0].message


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"bloom_filter_fp_chance": "0"}, "p.bloomFilterFPChance"),
        ({"bloom_filter_fp_chance": "0.1; drop table x"}, "p.bloomFilterFPChance"),
        ({"crc_check_chance": "1.5"}, "p.crcCheckChance"),
        ({"default_ttl": -1}, "p.defaultTTL"),
        ({"caching": {" ": "ALL"}}, "p.caching"),
        ({"comment": "a\x00b"}, "p.comment"),
    ],
)
def test_values_cassandra_would_refuse_are_errors(fields: dict[str, Any], path: str) -> None:
    _, problems = properties.from_spec(specs.CassandraTableProperties(**fields), "p")
    assert [(p.severity, p.path) for p in problems] == [(Severity.ERROR, path)]


def test_create_prints_numbers_bare_and_alter_quotes_the_crc_chance() -> None:
    wanted = named(
        crc_check_chance="1.0",
        bloom_filter_fp_chance="0.01",
        caching={"rows_per_partition": "10", "keys": "NONE"},
        comment="it's",
        default_ttl=0,
        speculative_retry="99PERCENTILE",
    )
    assert properties.render(wanted, alter=False) == [
        "bloom_filter_fp_chance = 0.01",
        "caching = {'keys':'NONE','rows_per_partition':'10'}",
        "comment = 'it''s'",
        "crc_check_chance = 1.0",
        "default_time_to_live = 0",
        "speculative_retry = '99PERCENTILE'",
    ]
    assert properties.render(wanted, alter=True)[3] == "crc_check_chance = '1.0'"


def test_only_named_properties_and_named_options_are_compared() -> None:
    assert properties.changed(LIVE, {}) == []
    same = named(
        caching={"keys": "all"},
        compaction={"class": "SizeTieredCompactionStrategy"},
        compression={"class": "LZ4Compressor", "enabled": "true"},
        bloom_filter_fp_chance="1e-2",
        speculative_retry="99.0PERCENTILE",
        gc_grace_seconds=864000,
    )
    assert properties.changed(LIVE, same) == []
    different = named(
        caching={"rows_per_partition": "10"},
        compaction={"class": "LeveledCompactionStrategy"},
        compression={"sstable_size": "1"},
        comment="x",
        crc_check_chance="0.5",
    )
    assert properties.changed(LIVE, different) == [
        "caching",
        "comment",
        "compaction",
        "compression",
        "crc_check_chance",
    ]


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("99PERCENTILE", "99p"),
        ("99.90p", "99.9p"),
        ("50.7ms", "50ms"),
        ("none", "NEVER"),
        ("always", "ALWAYS"),
        ("min(99percentile,50MS)", "MIN(99p,50ms)"),
    ],
)
def test_retry_policies_are_spelled_as_cassandra_reports_them(written: str, reported: str) -> None:
    assert properties.retry_policy(written) == reported


def test_live_properties_become_a_spec_block_that_compares_equal() -> None:
    block = properties.to_spec(LIVE)
    assert block["bloomFilterFPChance"] == "0.01"
    assert block["speculativeRetry"] == "99p"
    decoded, problems = decode(specs.CassandraTableProperties, block, "p")
    found, more = properties.from_spec(decoded, "p")
    assert not problems and not more and properties.changed(LIVE, found) == []
