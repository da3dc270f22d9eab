"""A hypertable as the model holds it (a table attribute), and how two of them compare.

Some options only shape the creation (create_default_indexes, if_not_exists, ...): they are
kept for the plan but never compared, since the catalog does not keep them. The time and
space dimensions cannot change once the hypertable exists, so they are not compared either;
chunk interval, compression and retention can, and are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemahero.schema import specs

_UNITS = {
    "microsecond": 1e-6,
    "millisecond": 1e-3,
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365.25 * 86400,
}
_PART = re.compile(r"(-?\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")


@dataclass(frozen=True)
class Compression:
    segment_by: tuple[str, ...] = ()
    order_by: str = ""
    """As the spec writes it (`time desc`); empty: TimescaleDB's default."""
    policy: str = ""
    """compress_after of the compression policy; empty: no policy."""


@dataclass(frozen=True)
class Hypertable:
    time_column: str
    partitioning_column: str = ""
    number_partitions: int | None = None
    chunk_time_interval: str = ""
    compression: Compression | None = None
    retention: str = ""
    """drop_after of the retention policy; empty: no policy."""
    options: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """create_hypertable's other arguments, rendered as given: (name, SQL value)."""


def from_spec(spec: specs.Hypertable) -> Hypertable:
    compression = None
    if spec.compression is not None:
        segment_by = tuple(c.strip() for c in (spec.compression.segment_by or "").split(",") if c.strip())
        compression = Compression(
            segment_by, (spec.compression.order_by or "").strip(), spec.compression.interval or ""
        )
    return Hypertable(
        time_column=spec.time_column_name,
        partitioning_column=spec.partitioning_column or "",
        number_partitions=spec.number_partitions,
        chunk_time_interval=spec.chunk_time_interval or "",
        compression=compression,
        retention=spec.retention.interval if spec.retention else "",
        options=tuple(_options(spec)),
    )


def _options(spec: specs.Hypertable) -> list[tuple[str, str]]:
    flags = (
        ("create_default_indexes", spec.create_default_indexes),
        ("if_not_exists", spec.if_not_exists),
        ("migrate_data", spec.migrate_data),
    )
    names = (
        ("partitioning_func", spec.partitioning_func),
        ("associated_schema_name", spec.associated_schema_name),
        ("associated_table_prefix", spec.associated_table_prefix),
        ("time_partitioning_func", spec.time_partitioning_func),
    )
    found = [(key, "true" if value else "false") for key, value in flags if value is not None]
    found += [(key, value) for key, value in names if value]
    if spec.replication_factor is not None:
        found.append(("replication_factor", str(spec.replication_factor)))
    if spec.data_nodes:
        found.append(("data_nodes", ",".join(spec.data_nodes)))
    return found


def seconds(interval: str) -> float | None:
    """An interval's length in seconds (`1 day`, `7 days`, `01:00:00`, `1 day 02:00:00`)."""
    text = interval.strip().lower()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    total = 0.0
    clock = _CLOCK.search(text)
    if clock:
        sign = -1 if clock[1] else 1
        total += sign * (int(clock[2]) * 3600 + int(clock[3]) * 60 + float(clock[4]))
        text = text[: clock.start()] + text[clock.end() :]
    for amount, unit in _PART.findall(text):
        name = unit.rstrip("s") if unit.rstrip("s") in _UNITS else {"mon": "month", "min": "minute"}.get(unit)
        if name is None:
            return None
        total += float(amount) * _UNITS[name]
    return total


def same_interval(desired: str, live: str) -> bool:
    """Whether two intervals are as long (`1 hour` is `01:00:00`); empty is no interval."""
    if not desired or not live:
        return not desired and not live
    a, b = seconds(desired), seconds(live)
    if a is None or b is None:
        return " ".join(desired.lower().split()) == " ".join(live.lower().split())
    return abs(a - b) < 1e-6


def changed(live: Hypertable | None, desired: Hypertable | None) -> bool:
    """Whether a plan has anything to do for the hypertable (never turning it back)."""
    if desired is None:
        return False
    if live is None:
        return True
    return (
        (
            bool(desired.chunk_time_interval)
            and not same_interval(desired.chunk_time_interval, live.chunk_time_interval)
        )
        or compression_changed(live.compression, desired.compression)
        or policy_changed(live.compression, desired.compression)
        or not same_interval(desired.retention, live.retention)
    )


def compression_changed(live: Compression | None, desired: Compression | None) -> bool:
    """Whether the compression settings (not the policy) differ."""
    if (live is None) != (desired is None):
        return True
    if live is None or desired is None:
        return False
    order = bool(desired.order_by) and _words(desired.order_by) != _words(live.order_by)
    return [c.lower() for c in live.segment_by] != [c.lower() for c in desired.segment_by] or order


def policy_changed(live: Compression | None, desired: Compression | None) -> bool:
    return not same_interval(desired.policy if desired else "", live.policy if live else "")


def _words(order_by: str) -> list[str]:
    """`time DESC, id` as words, TimescaleDB's defaults (asc, nulls last/first) left out."""
    words = []
    for part in order_by.lower().split(","):
        tokens = part.replace('"', "").split()
        descending = "desc" in tokens
        tokens = [t for t in tokens if t not in ("asc",)]
        if tokens[-2:] == ["nulls", "first"] and descending:
            tokens = tokens[:-2]
        if tokens[-2:] == ["nulls", "last"] and not descending:
            tokens = tokens[:-2]
        words.append(" ".join(tokens))
    return words
