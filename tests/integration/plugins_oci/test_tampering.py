"""Changed content is refused, with the expected and the actual digest: at pull and at use."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from schemahero.plugins import digests
from tests.integration.plugins_oci.conftest import SPECS, Registry, run_cli


@contextlib.contextmanager
def flipped(path: Path, offset: int = -1) -> Iterator[None]:
    """One byte of `path` changed (the size stays), put back afterwards."""
    original = path.read_bytes()
    changed = bytearray(original)
    changed[offset] ^= 0x01
    path.write_bytes(bytes(changed))
    try:
        yield
    finally:
        path.write_bytes(original)


def manifest_of(registry: Registry, pinned: str) -> bytes:
    return registry.blob_file(pinned.split("@")[1]).read_bytes()


def test_a_blob_changed_in_the_registry_is_refused(
    fresh_home: Path, registry: Registry, push_fake: Callable[..., str]
) -> None:
    pinned = push_fake("tampered-blob")
    wheel = next(
        layer for layer in _layers(manifest_of(registry, pinned)) if layer["mediaType"].endswith("+zip")
    )
    blob = registry.blob_file(wheel["digest"])
    with flipped(blob):
        actual = digests.of_file(blob)
        pulled = run_cli("plugin", "pull", pinned.split("@")[0], "--plain-http")
    assert pulled.code == 1
    assert f"digest mismatch: expected {wheel['digest']}, got {actual}; refusing it" in pulled.err
    assert run_cli("plugin", "list").out.splitlines()[1:] == []
    assert [p.name for p in fresh_home.iterdir() if not p.name.startswith(".")] == []


def test_a_manifest_changed_in_the_registry_is_refused(
    fresh_home: Path, registry: Registry, push_fake: Callable[..., str]
) -> None:
    pinned = push_fake("tampered-manifest")
    ref, digest = pinned.split("@")
    stored = registry.blob_file(digest)
    # One letter of the wheel's title: still a valid manifest, no longer the same digest.
    with flipped(stored, offset=stored.read_bytes().index(b"fake_driver-0.1")):
        changed = digests.of_file(stored)
        by_tag = run_cli("plugin", "pull", ref, "--plain-http")
        by_digest = run_cli("plugin", "pull", pinned, "--plain-http")
    for pulled in (by_tag, by_digest):
        assert pulled.code == 1
        assert f"digest mismatch: expected {digest}, got {changed}" in pulled.err


def test_a_driver_for_another_contract_version_is_refused(
    fresh_home: Path, push_fake: Callable[..., str]
) -> None:
    pinned = push_fake("contract-v2", "--api-version", "v2")
    pulled = run_cli("plugin", "pull", pinned, "--plain-http")
    assert pulled.code == 1
    assert "speaks contract versions v2; this CLI needs v1" in pulled.err
    assert run_cli("plugin", "list").out.splitlines()[1:] == []


def test_verify_and_use_catch_a_changed_installed_file(
    shared_home: Path, pushed: str, tmp_path: Path
) -> None:
    ref, digest = pushed.split("@")
    folder = shared_home / digests.folder_name(digest)
    (module,) = folder.glob("venv/lib/python*/site-packages/schemahero/drivers/sqlite/__init__.py")
    plan = ["plan", "--driver", "sqlite", "--uri", str(tmp_path / "x.db"), "--plugin", "sqlite"]
    with flipped(module):
        verified = run_cli("plugin", "verify", "sqlite", "--offline")
        used = run_cli(*plan, "--spec-file", str(SPECS))
    assert verified.code == 1
    assert verified.out.splitlines()[:2] == [f"sqlite: oci:{ref}", f"digest: {digest}"]
    assert f"FAILED: digest mismatch: installed file {module}: expected sha256=" in verified.out
    assert "error: plugin sqlite does not verify" in verified.err
    assert used.code == 1 and used.out == ""
    assert "no longer matches what was pulled: installed file" in used.err
    assert run_cli("plugin", "verify", "sqlite", "--offline").code == 0


def test_verify_catches_a_changed_blob_with_both_digests(shared_home: Path, pushed: str) -> None:
    digest = pushed.split("@")[1]
    folder = shared_home / digests.folder_name(digest)
    wheel = max((folder / "blobs").iterdir(), key=lambda p: p.stat().st_size)
    with flipped(wheel):
        actual = digests.of_file(wheel)
        verified = run_cli("plugin", "verify", "sqlite")
    assert verified.code == 1
    expected = wheel.name.replace("-", ":", 1)
    assert f"blob {wheel.name}: expected {expected}, got {actual}" in verified.out
    assert "ok: the registry still serves" in verified.out


def _layers(manifest: bytes) -> list[dict[str, str]]:
    layers: list[dict[str, str]] = json.loads(manifest)["layers"]
    return layers


def test_verify_catches_a_changed_launcher(shared_home: Path, pushed: str) -> None:
    launcher = shared_home / digests.folder_name(pushed.split("@")[1]) / "driver"
    with flipped(launcher):
        verified = run_cli("plugin", "verify", "sqlite", "--offline")
    assert verified.code == 1
    assert f"FAILED: digest mismatch: launcher {launcher} was changed" in verified.out
