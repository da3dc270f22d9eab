"""Type names: upstream's unaliased spelling for plans, the catalog's for comparing."""

from __future__ import annotations

import pytest

from schemahero.drivers.postgres import typenames

UNALIASED = {
    "varchar(255)": "character varying (255)",
    "varchar      (1)": "character varying (1)",
    "varchar ( 10 )": "character varying (10)",
    "varchar": "character varying",
    "varbit (50)": "bit varying (50)",
    "char": "character",
    "char(36)": "character (36)",
    "decimal": "numeric",
    "decimal(   10,    5 )": "numeric (10, 5)",
    "timetz": "time with time zone",
    "timestamptz": "timestamp with time zone",
    "timestamptz(3)": "timestamp (3) with time zone",
    "int8": "bigint",
    "serial8": "bigserial",
    "bool": "boolean",
    "int": "integer",
    "int4": "integer",
    "float4": "real",
    "int2": "smallint",
    "serial4": "serial",
    "cidr": "cidr",
    "timestamp": "timestamp",
    "varchar(255)[]": "character varying (255)[]",
    "vector": "vector",
}
"""Upstream's unaliasing (its alias tests), which plans print."""


@pytest.mark.parametrize(("spec", "printed"), UNALIASED.items())
def test_display(spec: str, printed: str) -> None:
    assert typenames.display(spec) == printed


CATALOG = {
    "int": "integer",
    "varchar(32)": "character varying(32)",
    "character varying (32)": "character varying(32)",
    "timestamp": "timestamp without time zone",
    "timestamp(3)": "timestamp(3) without time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "char": "character(1)",
    "decimal(10, 2)": "numeric(10,2)",
    "float": "double precision",
    "float(10)": "real",
    "integer array": "integer[]",
    "int[3]": "integer[]",
    "vector(3)": "vector(3)",
    '"MyType"': '"MyType"',
    "interval day to second": "interval day to second",
}
"""What format_type() prints for each spelling."""


@pytest.mark.parametrize(("spec", "catalog"), CATALOG.items())
def test_canonical(spec: str, catalog: str) -> None:
    assert typenames.canonical(spec) == catalog
    assert typenames.canonical(catalog) == catalog


def test_serials() -> None:
    assert typenames.serial_base("serial4") == "integer"
    assert typenames.serial_base("bigserial") == "bigint"
    assert typenames.serial_base("integer") is None


@pytest.mark.parametrize(
    ("catalog", "spec"),
    [
        ("timestamp without time zone", "timestamp"),
        ("timestamp(3) with time zone", "timestamptz(3)"),
        ("character varying(255)", "varchar(255)"),
        ("character(36)", "char(36)"),
        ("character varying[]", "varchar[]"),
        ("text", "text"),
    ],
)
def test_spec_spelling(catalog: str, spec: str) -> None:
    assert typenames.spec_spelling(catalog) == spec
    assert typenames.canonical(spec) == catalog
