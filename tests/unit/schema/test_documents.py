"""Reading specs from files: every shape users have, and errors that say where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemahero.schema.diagnostics import SpecError
from schemahero.schema.documents import load
from schemahero.schema.parsing import parse

PLAIN = """database: db
name: users
schema:
  sqlite:
    columns:
      - name: id
        type: integer
"""
OBJECT = """apiVersion: schemas.schemahero.io/v1alpha4
kind: Table
metadata:
  name: users-table
spec:
  database: db
  name: users
  schema:
    sqlite:
      columns:
        - name: id
          type: integer
"""


def test_plain_spec_takes_the_kind_of_spec_type(tmp_path: Path) -> None:
    (tmp_path / "users.yaml").write_text(PLAIN)
    [obj] = load(tmp_path / "users.yaml", "table")
    assert (obj.kind, obj.name) == ("Table", "users")
    assert obj.source == f"{tmp_path}/users.yaml: Table users"


def test_kubernetes_object_gives_kind_and_spec(tmp_path: Path) -> None:
    (tmp_path / "users.yaml").write_text(OBJECT)
    [obj] = load(tmp_path / "users.yaml")
    assert (obj.kind, obj.name, obj.spec["database"]) == ("Table", "users", "db")


def test_folder_reads_yaml_and_json_in_name_order_and_skips_kustomization(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(OBJECT + "---\n" + OBJECT.replace("name: users\n", "name: b2\n"))
    (tmp_path / "a.json").write_text(json.dumps({"name": "first", "schema": {}}))
    (tmp_path / "kustomization.yaml").write_text("resources: [b.yaml]\n")
    (tmp_path / "notes.txt").write_text("not a spec")
    assert [o.name for o in load(tmp_path)] == ["first", "users", "b2"]


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: [unclosed\n")
    with pytest.raises(SpecError) as error:
        load(tmp_path)
    assert error.value.diagnostics[0].source == str(tmp_path / "bad.yaml")


def test_foreign_kind_is_refused_with_its_document_number(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(OBJECT + "---\napiVersion: apps/v2\nkind: Deployment\n")
    with pytest.raises(SpecError) as error:
        load(tmp_path)
    [problem] = error.value.diagnostics
    assert problem.source == f"{tmp_path / 'x.yaml'}[1]" and problem.code == "unknown-kind"


def test_missing_path_and_bad_spec_type(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no such file"):
        load(tmp_path / "absent.yaml")
    with pytest.raises(SpecError, match="--spec-type 'tabel'"):
        load(tmp_path, "tabel")


def test_field_paths_name_the_object_and_field(tmp_path: Path) -> None:
    broken = OBJECT.replace(
        "type: integer", "type: bigint\n        - name: b\n          constraints: {notNull: maybe}"
    )
    (tmp_path / "t.yaml").write_text(broken)
    [obj] = load(tmp_path / "t.yaml")
    _, diagnostics = parse(obj)
    rendered = sorted(str(d) for d in diagnostics)
    where = f"{tmp_path}/t.yaml: Table users-table"
    assert rendered == [
        f"{where}: spec.schema.sqlite.columns[1].constraints.notNull: error: must be a boolean, "
        "not a string ('maybe') [invalid-type]",
        f"{where}: spec.schema.sqlite.columns[1].type: error: is required [required]",
    ]
