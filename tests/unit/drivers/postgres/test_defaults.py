"""Defaults: which spec texts are SQL, how they print, and when a catalog default is the same."""

from __future__ import annotations

import pytest

from schemahero.drivers.postgres import defaults
from schemahero.schema.model import Default

PRINTED = {
    "11": "'11'",
    "": "''",
    "now()": "now()",
    "gen_random_uuid()": "gen_random_uuid()",
    "CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP",
    "'pending'": "'pending'",
    "'{}'::jsonb": "'{}'::jsonb",
    "true": "true",
    "pending": "'pending'",
    "it's": "'it''s'",
}
"""Upstream's default printing (its tests), with a quote for good measure."""


@pytest.mark.parametrize(("spec", "printed"), PRINTED.items())
def test_render(spec: str, printed: str) -> None:
    assert defaults.render(defaults.from_spec(spec, "text")) == printed


SAME = [
    ("trial", "character varying(10)", "'trial'::character varying"),
    ("5", "integer", "5"),
    ("-1", "integer", "'-1'::integer"),
    ("1.5", "numeric(10,2)", "1.5"),
    ("true", "boolean", "true"),
    ("yes", "boolean", "true"),
    ("current_timestamp", "timestamp", "CURRENT_TIMESTAMP"),
    ("now()", "timestamptz", "now()"),
    ("'{}'::jsonb", "jsonb", "'{}'::jsonb"),
    ("it's", "text", "'it''s'::text"),
    ("", "character varying", "''::character varying"),
    ("nextval('s')", "integer", "nextval('s'::regclass)"),
    ("E'a\\nb'", "text", "'a\nb'::text"),
]


@pytest.mark.parametrize(("spec", "type_", "catalog"), SAME)
def test_spec_and_catalog_agree(spec: str, type_: str, catalog: str) -> None:
    wanted = defaults.canonical(defaults.from_spec(spec, type_), type_)
    assert wanted == defaults.canonical(defaults.from_catalog(catalog), type_)


@pytest.mark.parametrize(
    ("spec", "catalog"),
    [("5", "6"), ("now()", "CURRENT_TIMESTAMP"), ("x", "'y'::text"), ("'now()'", "now()")],
)
def test_different(spec: str, catalog: str) -> None:
    assert defaults.canonical(defaults.from_spec(spec, "text"), "text") != defaults.canonical(
        defaults.from_catalog(catalog), "text"
    )


def test_null_default_is_no_default() -> None:
    assert defaults.canonical(Default("NULL::text", True), "text") is None
    assert defaults.from_catalog(None) is None


@pytest.mark.parametrize(
    ("catalog", "type_", "written"),
    [
        ("'trial'::character varying", "character varying", "trial"),
        ("true", "boolean", "true"),
        ("CURRENT_TIMESTAMP", "timestamp", "CURRENT_TIMESTAMP"),
        ("'now()'::text", "text", "'now()'"),
        ("'true'::text", "text", "'true'"),
    ],
)
def test_to_spec_reads_back(catalog: str, type_: str, written: str) -> None:
    live = defaults.from_catalog(catalog)
    assert live is not None
    assert defaults.to_spec(live, type_) == written
    assert defaults.canonical(defaults.from_spec(written, type_), type_) == defaults.canonical(live, type_)
