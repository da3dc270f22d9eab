"""`plugin push` then `plugin pull` from a real registry: pinned, listed, runnable, reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemahero import __version__
from schemahero.plugins import references
from tests.integration.plugins_oci.conftest import SPECS, Registry, run_cli


def test_pull_pins_the_digest_and_list_shows_source_version_digest(shared_home: Path, pushed: str) -> None:
    ref, digest = pushed.split("@")
    listed = run_cli("plugin", "list")
    assert listed.code == 0
    header, row = listed.out.splitlines()
    assert header.split() == ["NAME", "ENGINE", "VERSION", "SOURCE", "DIGEST"]
    assert row.split() == ["sqlite", "sqlite", __version__, f"oci:{ref}", digest]

    (entry,) = json.loads(run_cli("plugin", "list", "-o", "json").out)
    assert (entry["digest"], entry["location"], entry["driver"]) == (digest, ref, "schemahero-driver-sqlite")
    assert entry["api_versions"] == ["v1"]
    folder = shared_home / digest.replace(":", "-")
    assert entry["executable"] == str(folder / "driver")
    assert (folder / "venv").is_dir() and (shared_home / "index.json").is_file()


def test_plan_and_apply_through_the_pulled_plugin(shared_home: Path, tmp_path: Path) -> None:
    common = ["--driver", "sqlite", "--uri", str(tmp_path / "shop.db"), "--plugin", "sqlite"]
    planned = run_cli("plan", *common, "--spec-file", str(SPECS), "--out", str(tmp_path / "plan.sql"))
    assert planned.code == 0, planned.err
    assert 'create table "users"' in (tmp_path / "plan.sql").read_text()
    assert run_cli("apply", *common, "--ddl", str(tmp_path / "plan.sql")).code == 0
    again = run_cli("plan", *common, "--spec-file", str(SPECS))
    assert (again.code, again.out) == (0, "")


def test_pulling_the_same_digest_again_reuses_the_installation(
    shared_home: Path, pushed: str, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = pushed.split("@")[1]
    python = shared_home / digest.replace(":", "-") / "venv" / "bin" / "python"
    before = python.lstat().st_mtime_ns
    monkeypatch.setenv(references.REGISTRY_ENV, registry.namespace)
    short = run_cli("plugin", "pull", "sqlite", "--plain-http", "--name", "short")
    assert short.code == 0, short.err
    assert short.out.startswith(f"short: schemahero-driver-sqlite {__version__} ")
    assert short.out.rstrip().endswith(digest)
    assert python.lstat().st_mtime_ns == before

    removed = run_cli("plugin", "remove", "short")
    assert removed.code == 0 and "removed short" in removed.err
    assert python.exists(), "the sqlite entry still uses the installation"
    assert [line.split()[0] for line in run_cli("plugin", "list").out.splitlines()[1:]] == ["sqlite"]


def test_an_image_index_is_followed_to_the_driver_artifact(
    shared_home: Path, pushed: str, registry: Registry
) -> None:
    """A release may put the operator's container image and the CLI's artifact under one tag."""
    ref, digest = pushed.split("@")
    manifest = registry.blob_file(digest).read_bytes()
    repository = ref.split("/", 1)[1].split(":")[0]
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": digest,
                "size": len(manifest),
                "artifactType": "application/vnd.schemahero.driver.v1",
            }
        ],
    }
    registry.put_manifest(repository, "both", json.dumps(index).encode(), str(index["mediaType"]))
    pulled = run_cli("plugin", "pull", f"{registry.host}/{repository}:both", "--plain-http", "--name", "both")
    assert pulled.code == 0, pulled.err
    assert pulled.out.rstrip().endswith(digest)
    assert run_cli("plugin", "remove", "both").code == 0


def test_a_moved_tag_fails_verify_and_nothing_else(
    shared_home: Path, driver_wheel: Path, registry: Registry, pushed: str
) -> None:
    """Same wheel, same options: same manifest digest, so this pull reuses the installation."""
    digest = pushed.split("@")[1]
    moving = f"{registry.namespace}/moving:1"
    assert (
        run_cli("plugin", "push", str(driver_wheel), moving, "--engine", "sqlite", "--plain-http").code == 0
    )
    assert run_cli("plugin", "pull", moving, "--plain-http", "--name", "moving").code == 0
    assert run_cli("plugin", "verify", "moving").code == 0

    moved = run_cli(
        "plugin", "push", str(driver_wheel), moving, "--engine", "sqlite", "--plain-http",
        "--api-version", "v1", "--api-version", "v2",
    )  # fmt: skip
    new_digest = moved.out.strip().split("@")[1]
    verified = run_cli("plugin", "verify", "moving")
    assert verified.code == 1
    assert f"FAILED: digest mismatch: tag {moving} now resolves to {new_digest}, not the pinned {digest}" in (
        verified.out
    )
    assert f"ok: installed files match {digest}" in verified.out
    assert run_cli("plugin", "remove", "moving").code == 0
