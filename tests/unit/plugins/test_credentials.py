"""Registry credentials from a pull secret's dockerconfigjson and from the user's Docker config."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import challenges, pinning, references
from schemahero.plugins.credentials import CONFIG_ENV, Credentials, from_docker_config, from_user_config
from schemahero.plugins.registries import RegistryClient, Transport


def test_pull_secret_credentials_by_registry() -> None:
    auth = base64.b64encode(b"robot:s3cret").decode()
    config = json.dumps(
        {
            "auths": {
                "https://index.docker.io/v1/": {"auth": auth},
                "ghcr.io": {"username": "me", "password": "pw"},
            }
        }
    ).encode()
    assert from_docker_config(config, "index.docker.io") == Credentials("robot", "s3cret")
    assert from_docker_config(config, "ghcr.io") == Credentials("me", "pw")
    assert from_docker_config(config, "quay.io") is None
    with pytest.raises(DriverError, match="not a Docker config"):
        from_docker_config(b"[not json", "ghcr.io")
    with pytest.raises(DriverError, match="not base64"):
        from_docker_config(b'{"auths": {"ghcr.io": {"auth": "***"}}}', "ghcr.io")


def test_a_password_is_never_in_the_repr() -> None:
    assert "s3cret" not in repr(Credentials("robot", "s3cret"))


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "docker"))
    (tmp_path / "docker").mkdir()
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return tmp_path / "docker" / "config.json"


def helper(folder: Path, name: str, script: str) -> None:
    program = folder / f"docker-credential-{name}"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


def test_no_docker_config_means_anonymous(user_config: Path) -> None:
    assert from_user_config("ghcr.io") is None


def test_helpers_come_first_then_the_store_then_the_inline_auths(user_config: Path) -> None:
    helper(user_config.parents[1], "gh", """echo '{"Username": "gh-user", "Secret": "gh-pat"}'""")
    helper(
        user_config.parents[1],
        "store",
        """read host; [ "$host" = quay.io ] || exit 1
echo '{"Username": "store-user", "Secret": "store-pw"}'""",
    )
    inline = {"username": "inline", "password": "pw"}
    user_config.write_text(
        json.dumps(
            {
                "auths": {"ghcr.io": inline, "registry.example": inline},
                "credHelpers": {"ghcr.io": "gh"},
                "credsStore": "store",
            }
        )
    )
    assert from_user_config("ghcr.io") == Credentials("gh-user", "gh-pat")
    assert from_user_config("quay.io") == Credentials("store-user", "store-pw")
    assert from_user_config("registry.example") == Credentials("inline", "pw")


def test_identity_tokens_and_missing_helpers_are_refused_with_a_message(user_config: Path) -> None:
    helper(user_config.parents[1], "oauth", """echo '{"Username": "<token>", "Secret": "refresh"}'""")
    user_config.write_text(json.dumps({"credHelpers": {"ghcr.io": "oauth", "quay.io": "absent"}}))
    with pytest.raises(DriverError, match=r"holds an identity token for ghcr\.io"):
        from_user_config("ghcr.io")
    with pytest.raises(DriverError, match="credential helper docker-credential-absent, which failed"):
        from_user_config("quay.io")


def test_challenge_parameters_may_hold_commas() -> None:
    header = 'realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"'
    assert challenges.params(header) == {
        "realm": "https://auth.example/token",
        "service": "registry.example",
        "scope": "repository:a/b:pull,push",
    }


def test_a_registry_that_cannot_be_reached_is_unavailable() -> None:
    ref = references.parse("127.0.0.1:9/acme/driver:1")
    with pytest.raises(DriverError) as refused:
        pinning.pin(RegistryClient(ref.registry, transport=Transport(plain_http=True)), ref)
    assert refused.value.code is ErrorCode.UNAVAILABLE and "cannot be reached" in refused.value.message
