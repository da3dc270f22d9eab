"""Table properties: the spec's names, CQL's names, how each value is printed and compared.

Only the properties a spec names are compared with the live table, so that Cassandra's defaults
(and the sub-options it fills in a map) never make a plan. Two spec fields name properties that
Cassandra 4.0 removed (read repair chances): they are reported and left out.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from schemahero.drivers._sql import literal
from schemahero.schema import specs
from schemahero.schema.decoding import camel
from schemahero.schema.diagnostics import Diagnostic, Severity


class Kind(enum.Enum):
    CHANCE = "a number from 0 to 1"
    INTEGER = "a whole number, 0 or more"
    TEXT = "text"
    RETRY = "a speculative retry policy"
    OPTIONS = "a map of sub-options"
    REMOVED = "a property Cassandra no longer has"


@dataclass(frozen=True)
class Property:
    field: str
    """The attribute of specs.CassandraTableProperties."""
    cql: str
    kind: Kind
    quoted_in_alter: bool = False
    """Upstream prints this number quoted in ALTER TABLE (and bare in CREATE TABLE); plans keep
    its text, and Cassandra reads both."""


PROPERTIES = (
    Property("bloom_filter_fp_chance", "bloom_filter_fp_chance", Kind.CHANCE),
    Property("caching", "caching", Kind.OPTIONS),
    Property("comment", "comment", Kind.TEXT),
    Property("compaction", "compaction", Kind.OPTIONS),
    Property("compression", "compression", Kind.OPTIONS),
    Property("crc_check_chance", "crc_check_chance", Kind.CHANCE, quoted_in_alter=True),
    Property("dc_local_read_repair_chance", "dclocal_read_repair_chance", Kind.REMOVED),
    Property("default_ttl", "default_time_to_live", Kind.INTEGER),
    Property("gc_grace_seconds", "gc_grace_seconds", Kind.INTEGER),
    Property("max_index_interval", "max_index_interval", Kind.INTEGER),
    Property("memtable_flush_period_ms", "memtable_flush_period_in_ms", Kind.INTEGER),
    Property("min_index_interval", "min_index_interval", Kind.INTEGER),
    Property("read_repair_chance", "read_repair_chance", Kind.REMOVED),
    Property("speculative_retry", "speculative_retry", Kind.RETRY),
)
"""Every property a spec can name, in CQL name order (the order statements list them in)."""

BY_CQL = {p.cql: p for p in PROPERTIES}
LIVE = tuple(p.cql for p in PROPERTIES if p.kind is not Kind.REMOVED)
"""The properties read from system_schema.tables, in the order queries.TABLES selects them."""

_NUMBER = re.compile(r"\s*(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*\Z")
_SPEC_KEYS = {
    f.name: f.metadata.get("key", camel(f.name)) for f in dataclasses.fields(specs.CassandraTableProperties)
}
_FILLED_IN = {("compression", "enabled"): "true"}
"""Sub-options Cassandra leaves out of system_schema when they have this value."""


def from_spec(
    block: specs.CassandraTableProperties | None, path: str
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The properties a spec names (by CQL name) and the problems with them."""
    named: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for prop in PROPERTIES:
        value = getattr(block, prop.field, None) if block is not None else None
        if value is None or (prop.kind is Kind.OPTIONS and not value):
            continue
        at = f"{path}.{_SPEC_KEYS[prop.field]}"
        found = list(_check(prop, value, at))
        problems += found
        if prop.kind is not Kind.REMOVED and not found:
            named[prop.cql] = value
    return named, problems


def _check(prop: Property, value: Any, at: str) -> Iterator[Diagnostic]:
    if prop.kind is Kind.REMOVED:
        yield Diagnostic(
            "removed-property",
            f"Cassandra 4.0 removed {prop.cql}: it is not part of the plan",
            at,
            Severity.WARNING,
        )
    elif prop.kind is Kind.CHANCE:
        # A bloom filter cannot be wrong every time: its chance must be above 0.
        zero_allowed = prop.cql == "crc_check_chance"
        if not _NUMBER.match(value) or not (0 <= float(value) <= 1 and (zero_allowed or float(value) > 0)):
            yield Diagnostic("invalid-value", f"{prop.cql} must be {prop.kind.value}, not {value!r}", at)
    elif prop.kind is Kind.INTEGER:
        if value < 0:
            yield Diagnostic("invalid-value", f"{prop.cql} must be {prop.kind.value}, not {value}", at)
    elif prop.kind is Kind.OPTIONS:
        for key, option in value.items():
            if not key.strip():
                yield Diagnostic("invalid-value", "a sub-option needs a name", at)
            if "\x00" in key or "\x00" in option:
                yield Diagnostic("invalid-value", "a sub-option cannot hold a NUL character", f"{at}.{key}")
    elif "\x00" in value:
        yield Diagnostic("invalid-value", f"{prop.cql} cannot hold a NUL character", at)


def render(named: Mapping[str, Any], *, alter: bool) -> list[str]:
    """`name = value` for each property, in CQL name order."""
    return [f"{cql} = {_value(BY_CQL[cql], named[cql], alter)}" for cql in LIVE if cql in named]


def _value(prop: Property, value: Any, alter: bool) -> str:
    if prop.kind is Kind.OPTIONS:
        return "{" + ",".join(f"{literal(k)}:{literal(v)}" for k, v in sorted(value.items())) + "}"
    if prop.kind is Kind.CHANCE:
        return literal(value.strip()) if alter and prop.quoted_in_alter else value.strip()
    if prop.kind is Kind.INTEGER:
        return str(int(value))
    return literal(value)


def changed(live: Mapping[str, Any], desired: Mapping[str, Any]) -> list[str]:
    """The properties the spec names whose live value differs, in CQL name order."""
    return [cql for cql in LIVE if cql in desired and not _same(BY_CQL[cql], live.get(cql), desired[cql])]


def _same(prop: Property, live: Any, wanted: Any) -> bool:
    if live is None:
        return False
    if prop.kind is Kind.CHANCE:
        return float(live) == float(wanted)
    if prop.kind is Kind.RETRY:
        return retry_policy(str(live)) == retry_policy(wanted)
    if prop.kind is Kind.OPTIONS:
        return all(_same_option(prop.cql, key, live.get(key), value) for key, value in wanted.items())
    return bool(live == wanted)


def _same_option(cql: str, key: str, live: str | None, wanted: str) -> bool:
    if live is None:
        live = _FILLED_IN.get((cql, key))
    if live is None:
        return False
    if key == "class":
        # Cassandra reports the class by its full name; specs often give the short one.
        return live == wanted or live.endswith("." + wanted)
    return live.lower() == wanted.lower()


def retry_policy(text: str) -> str:
    """A speculative retry policy as Cassandra reports it: 99p, 50ms, ALWAYS, NEVER, MIN(a,b)."""
    policy = text.strip().upper()
    hybrid = re.fullmatch(r"(MIN|MAX)\((.*),(.*)\)", policy)
    if hybrid:
        return f"{hybrid[1]}({retry_policy(hybrid[2])},{retry_policy(hybrid[3])})"
    if policy == "NONE":
        return "NEVER"
    amount = re.fullmatch(r"(\d+(?:\.\d*)?)(PERCENTILE|P|MS)", policy)
    if amount is None:
        return policy
    number = Decimal(amount[1])
    if amount[2] == "MS":
        return f"{int(number)}ms"
    return f"{number.normalize():f}p"


def to_spec(live: Mapping[str, Any]) -> dict[str, Any]:
    """The live properties as a spec's `properties` block (spec field names)."""
    block: dict[str, Any] = {}
    for cql in LIVE:
        prop, value = BY_CQL[cql], live.get(cql)
        if value is None:
            continue
        key = _SPEC_KEYS[prop.field]
        if prop.kind is Kind.CHANCE:
            block[key] = repr(float(value))
        elif prop.kind is Kind.OPTIONS:
            block[key] = {str(k): str(v) for k, v in value.items()}
        else:
            block[key] = value
    return block
