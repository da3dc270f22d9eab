"""With a public key set, only plugins carrying a signature by that key, for their digest, are used."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from schemahero.plugins import signatures
from schemahero.plugins.artifacts import MANIFEST_MEDIA_TYPE
from tests.integration.plugins_oci.conftest import SPECS, KeyPair, Registry, run_cli


def test_an_unsigned_artifact_is_refused(
    fresh_home: Path, push_fake: Callable[..., str], keys: Callable[[str], KeyPair]
) -> None:
    pinned = push_fake("unsigned")
    pulled = run_cli("plugin", "pull", pinned, "--plain-http", "--public-key", str(keys("release").public))
    assert pulled.code == 1
    assert "is not signed (no sha256-" in pulled.err
    assert f"public key is configured ({keys('release').fingerprint}): refusing it" in pulled.err
    assert not fresh_home.exists() or not any(fresh_home.glob("sha256-*"))


def test_an_artifact_signed_by_another_key_is_refused(
    fresh_home: Path,
    push_fake: Callable[..., str],
    keys: Callable[[str], KeyPair],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pinned = push_fake("signed-by-another")
    signed = run_cli(
        "plugin", "sign", pinned.split("@")[0], "--key", str(keys("stranger").private), "--plain-http"
    )
    assert (signed.code, signed.out.strip()) == (0, pinned)
    monkeypatch.setenv(signatures.PUBLIC_KEY_ENV, str(keys("release").public))
    pulled = run_cli("plugin", "pull", pinned, "--plain-http")
    assert pulled.code == 1
    assert f"is not signed by the configured key {keys('release').fingerprint}" in pulled.err
    assert "found a signature that does not verify with this key; refusing it" in pulled.err


def test_a_signature_of_another_digest_is_refused(
    fresh_home: Path, registry: Registry, push_fake: Callable[..., str], keys: Callable[[str], KeyPair]
) -> None:
    """A valid signature copied from one artifact to another does not vouch for the other."""
    signed = push_fake("copied-signature").split("@")
    assert (
        run_cli("plugin", "sign", signed[0], "--key", str(keys("release").private), "--plain-http").code == 0
    )
    other = push_fake("copied-signature", "--api-version", "v1", "--api-version", "v1beta").split("@")
    repository = signed[0].split("/", 1)[1].split(":")[0]
    copied = registry.get_manifest(repository, signatures.tag_for(signed[1]))
    registry.put_manifest(repository, signatures.tag_for(other[1]), copied, MANIFEST_MEDIA_TYPE)
    pulled = run_cli(
        "plugin", "pull", "@".join(other), "--plain-http", "--public-key", str(keys("release").public)
    )
    assert pulled.code == 1
    assert f"found a valid signature of {signed[1]}, not of this artifact; refusing it" in pulled.err


def test_a_correctly_signed_plugin_is_pulled_verified_and_run(
    shared_home: Path,
    pushed: str,
    keys: Callable[[str], KeyPair],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    ref, digest = pushed.split("@")
    release, stranger = keys("release"), keys("stranger")
    assert run_cli("plugin", "sign", ref, "--key", str(release.private), "--plain-http").code == 0
    pulled = run_cli("plugin", "pull", ref, "--plain-http", "--public-key", str(release.public))
    assert pulled.code == 0, pulled.err
    assert f"signature verified: key {release.fingerprint}" in pulled.err
    (entry,) = json.loads(run_cli("plugin", "list", "-o", "json").out)
    assert (entry["digest"], entry["signed_by"]) == (digest, release.fingerprint)

    verified = run_cli("plugin", "verify", "sqlite", "--public-key", str(release.public))
    assert verified.code == 0, verified.out
    assert f"ok: signature stored at pull: valid for key {release.fingerprint}" in verified.out
    assert f"ok: signature in the registry: valid for key {release.fingerprint}" in verified.out
    wrong = run_cli("plugin", "verify", "sqlite", "--public-key", str(stranger.public))
    assert wrong.code == 1
    assert f"not signed by the configured key {stranger.fingerprint}" in wrong.out

    plan = ["plan", "--driver", "sqlite", "--uri", str(tmp_path / "x.db"), "--plugin", "sqlite"]
    monkeypatch.setenv(signatures.PUBLIC_KEY_ENV, release.public.read_text())
    assert run_cli(*plan, "--spec-file", str(SPECS)).code == 0
    monkeypatch.setenv(signatures.PUBLIC_KEY_ENV, str(stranger.public))
    refused = run_cli(*plan, "--spec-file", str(SPECS))
    assert refused.code == 1 and refused.out == ""
    assert (
        f"plugin sqlite ({digest}) is not signed by the configured key {stranger.fingerprint}" in refused.err
    )
