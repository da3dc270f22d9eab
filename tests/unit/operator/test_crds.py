"""The committed CRDs are what the generator makes, and each is a structural schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from schemahero.operator import crds, resources

FOLDER = Path(__file__).resolve().parents[3] / "manifests" / "crds"


def test_committed_crds_are_current() -> None:
    fresh = crds.files()
    committed = {p.name: p.read_text() for p in FOLDER.glob("*.yaml")}
    assert committed == fresh, "manifests/crds is stale: run scripts/generate-crds"


@pytest.mark.parametrize("item", crds.DEFINITIONS, ids=lambda d: d.resource.kind)
def test_every_node_is_typed(item: crds.Definition) -> None:
    root = crds.definition(item)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    assert list(_untyped(root, "")) == []


def _untyped(node: dict[str, Any], path: str) -> Any:
    free = node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-int-or-string")
    if "type" not in node and not free:
        yield path or "<root>"
    for key, child in (node.get("properties") or {}).items():
        yield from _untyped(child, f"{path}.{key}")
    if isinstance(node.get("items"), dict):
        yield from _untyped(node["items"], f"{path}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _untyped(node["additionalProperties"], f"{path}{{}}")


def test_every_kind_of_upstream_has_a_crd_with_status_and_columns() -> None:
    kinds = {d.resource.kind for d in crds.DEFINITIONS}
    assert kinds == {r.kind for r in resources.ALL}
    for name, text in crds.files().items():
        if name == "kustomization.yaml":
            continue
        version = yaml.safe_load(text)["spec"]["versions"][0]
        assert version["subresources"] == {"status": {}}
        assert "conditions" in version["schema"]["openAPIV3Schema"]["properties"]["status"]["properties"]
        assert version["additionalPrinterColumns"][-1]["name"] == "Age"


def test_groups_and_migration_columns_are_upstreams() -> None:
    files = crds.files()
    assert "databases.schemahero.io_databases.yaml" in files
    assert "schemas.schemahero.io_tables.yaml" in files
    migration = yaml.safe_load(files["schemas.schemahero.io_migrations.yaml"])
    columns = [c["name"] for c in migration["spec"]["versions"][0]["additionalPrinterColumns"]]
    assert columns == ["Database", "Table", "Phase", "Planned", "Executed", "Approved", "Rejected", "Age"]
    spec = migration["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    assert set(spec["properties"]) == {
        "generatedDDL",
        "editedDDL",
        "databaseName",
        "tableName",
        "tableNamespace",
    }


def test_kustomization_lists_every_crd() -> None:
    files = crds.files()
    listed = yaml.safe_load(files["kustomization.yaml"])["resources"]
    assert sorted(listed) == sorted(n for n in files if n != "kustomization.yaml")


def test_generator_removes_what_it_no_longer_makes(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(crds.HEADER + "kind: Gone\n")
    (tmp_path / "mine.yaml").write_text("kind: KeepMe\n")
    crds.write(tmp_path)
    assert not (tmp_path / "old.yaml").exists()
    assert (tmp_path / "mine.yaml").exists()
