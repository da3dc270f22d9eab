"""The one registry client against registries that ask for credentials: Basic over TLS and Docker's
token auth, with credentials from the user's Docker config (the CLI) or a pull secret (the operator)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import credentials, digests, pinning, references
from schemahero.plugins.artifacts import MANIFEST_MEDIA_TYPE, Descriptor
from schemahero.plugins.registries import RegistryClient, Transport
from tests.integration.plugins_oci import secured
from tests.integration.plugins_oci.conftest import robot_auth, run_cli

INSECURE = Transport(insecure=True)
PLAIN = Transport(plain_http=True)
CONFIG = b'{"purpose": "test"}'
LAYER = b"x" * (3 << 20)  # more than one chunk of a streamed download


def push_artifact(client: RegistryClient, ref: references.Reference) -> tuple[str, Descriptor]:
    """A small artifact at `ref`: its manifest digest and its layer's descriptor."""
    config = Descriptor("application/vnd.schemahero.test.config+json", digests.of_bytes(CONFIG), len(CONFIG))
    layer = Descriptor("application/octet-stream", digests.of_bytes(LAYER), len(LAYER))
    client.upload(ref, config, CONFIG)
    client.upload(ref, layer, LAYER)
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": config.encode(),
        "layers": [layer.encode()],
    }
    return client.put_manifest(ref, json.dumps(manifest).encode(), MANIFEST_MEDIA_TYPE), layer


def test_basic_auth_over_tls_with_the_docker_config(
    htpasswd_registry: secured.Secured, docker_config: Callable[[dict[str, Any]], Path], tmp_path: Path
) -> None:
    docker_config(robot_auth(htpasswd_registry.host))
    ref = references.parse(f"{htpasswd_registry.host}/acme/basic:1")
    client = INSECURE.client(ref)
    client.ping()
    digest, layer = push_artifact(client, ref)

    fetched = client.manifest(ref)
    assert fetched is not None and (fetched.digest, fetched.media_type) == (digest, MANIFEST_MEDIA_TYPE)
    client.download(ref, layer, tmp_path / "layer")
    assert (tmp_path / "layer").read_bytes() == LAYER
    assert client.manifest(ref.tagged("never-pushed")) is None
    push_artifact(client, ref)  # blobs the registry has are not sent again


def test_tls_is_verified_unless_insecure(htpasswd_registry: secured.Secured) -> None:
    ref = references.parse(f"{htpasswd_registry.host}/acme/basic:1")
    with pytest.raises(DriverError) as refused:
        Transport().client(ref).ping()
    assert refused.value.code is ErrorCode.UNAVAILABLE
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.message


def test_missing_or_wrong_credentials_are_refused_with_a_hint(
    htpasswd_registry: secured.Secured, docker_config: Callable[[dict[str, Any]], Path]
) -> None:
    ref = references.parse(f"{htpasswd_registry.host}/acme/basic:1")
    for config in ({}, robot_auth(htpasswd_registry.host, "wrong")):
        docker_config(config)
        with pytest.raises(DriverError) as refused:
            INSECURE.client(ref).manifest(ref)
        assert refused.value.code is ErrorCode.INVALID_ARGUMENT
        assert "the registry refused access (HTTP 401); credentials are read from the Docker config" in (
            refused.value.message
        )


def test_a_credential_helper_is_asked_before_the_inline_auths(
    htpasswd_registry: secured.Secured,
    docker_config: Callable[[dict[str, Any]], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    answer = json.dumps({"ServerURL": htpasswd_registry.host, "Username": "robot", "Secret": "s3cret"})
    helper(bin_folder, "schemahero-test", f"read host; echo '{answer}'")
    helper(bin_folder, "empty", "echo 'credentials not found in native keychain'; exit 1")
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    ref = references.parse(f"{htpasswd_registry.host}/acme/helper:1")

    wrong_inline = robot_auth(htpasswd_registry.host, "wrong")
    docker_config({**wrong_inline, "credHelpers": {htpasswd_registry.host: "schemahero-test"}})
    push_artifact(INSECURE.client(ref), ref)
    docker_config({**robot_auth(htpasswd_registry.host), "credsStore": "empty"})
    assert INSECURE.client(ref).manifest(ref) is not None


def helper(folder: Path, name: str, script: str) -> None:
    program = folder / f"docker-credential-{name}"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def test_token_auth_pushes_with_credentials_and_pulls_anonymously(
    token_registry: secured.Secured, docker_config: Callable[[dict[str, Any]], Path], tmp_path: Path
) -> None:
    ref = references.parse(f"{token_registry.host}/acme/tokens:1")
    docker_config(robot_auth(token_registry.host))
    digest, layer = push_artifact(PLAIN.client(ref), ref)

    docker_config({})
    anonymous = PLAIN.client(ref)
    fetched = anonymous.manifest(ref)
    assert fetched is not None and fetched.digest == digest
    assert anonymous.blob(ref, layer.digest, len(LAYER)) == LAYER
    with pytest.raises(DriverError, match=r"refused access \(HTTP 401\)"):
        push_artifact(anonymous, ref.tagged("2"))


def test_the_token_service_refuses_a_wrong_password(
    token_registry: secured.Secured, docker_config: Callable[[dict[str, Any]], Path]
) -> None:
    docker_config(robot_auth(token_registry.host, "wrong"))
    ref = references.parse(f"{token_registry.host}/acme/tokens:1")
    with pytest.raises(DriverError, match=r"refused access \(HTTP 401\)"):
        PLAIN.client(ref).manifest(ref)


def test_the_operator_pins_with_a_pull_secret(
    htpasswd_registry: secured.Secured, docker_config: Callable[[dict[str, Any]], Path]
) -> None:
    ref = references.parse(f"{htpasswd_registry.host}/acme/pinned:moving")
    docker_config(robot_auth(htpasswd_registry.host))
    digest, _ = push_artifact(INSECURE.client(ref), ref)
    docker_config({})

    pull_secret = json.dumps(robot_auth(f"https://{htpasswd_registry.host}")).encode()
    found = credentials.from_docker_config(pull_secret, ref.registry)
    client = RegistryClient(ref.registry, transport=INSECURE, credentials=found, hint="name a pullSecret")
    assert pinning.pin(client, ref) == references.Reference(ref.registry, ref.repository, digest=digest)
    with pytest.raises(DriverError) as refused:
        pinning.pin(RegistryClient(ref.registry, transport=INSECURE, hint="name a pullSecret"), ref)
    assert refused.value.message.endswith("(HTTP 401); name a pullSecret")


def test_plugin_push_through_the_cli_uses_the_docker_config(
    token_registry: secured.Secured,
    docker_config: Callable[[dict[str, Any]], Path],
    fake_wheel: Callable[[str], Path],
) -> None:
    target = f"{token_registry.host}/acme/cli-push:1"
    argv = ["plugin", "push", str(fake_wheel("cli")), target, "--engine", "sqlite", "--module", "fake_driver"]
    docker_config({})
    refused = run_cli(*argv, "--plain-http")
    assert refused.code == 1 and "refused access (HTTP 401)" in refused.err
    docker_config(robot_auth(token_registry.host))
    pushed = run_cli(*argv, "--plain-http")
    assert pushed.code == 0, pushed.err
    assert pushed.out.strip().startswith(f"{target}@sha256:")
