"""The temporary table names of rebuilds: upstream's hash of the spec, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from schemahero.drivers.sqlite.digests import go_json, spec_digest
from schemahero.schema import specs
from schemahero.schema.decoding import decode
from tests.compat.corpus import ROOT

_RENAME = re.compile(r'rename to "\w+?_([0-9a-f]{64})"')


def golden_hashes() -> list[pytest.ParameterSet]:
    found = []
    for engine in ("sqlite", "rqlite"):
        for expect in sorted((ROOT / engine).glob("*/expect.sql")):
            match = _RENAME.search(expect.read_text())
            if match:
                spec = next((expect.parent / "specs").iterdir())
                case = f"{engine}/{expect.parent.name}"
                found.append(pytest.param(engine, spec, match.group(1), id=case))
    return found


@pytest.mark.parametrize(("engine", "spec_file", "digest"), golden_hashes())
def test_upstream_names_every_golden_rebuild_alike(engine: str, spec_file: Path, digest: str) -> None:
    spec, problems = decode(specs.TableSpec, yaml.safe_load(spec_file.read_text()), "spec")
    assert spec is not None and spec.schema is not None and not problems
    block = getattr(spec.schema, engine)
    assert spec_digest(block, spec.name) == digest


def test_the_goldens_have_rebuilds() -> None:
    assert len(golden_hashes()) >= 26


def test_go_escapes_html_characters_and_keeps_utf8() -> None:
    assert go_json({"a": "<&>", "b": "é\u2028", "c": [1, True, None]}) == (
        '{"a":"\\u003c\\u0026\\u003e","b":"é\\u2028","c":[1,true,null]}'
    )
