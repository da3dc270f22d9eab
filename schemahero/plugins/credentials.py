"""Registry credentials, as Docker keeps them: a pull secret's `.dockerconfigjson` (the operator)
or the user's own Docker config with its credential helpers (the CLI).

Both are the same JSON: `auths` maps a registry (`ghcr.io`, `https://index.docker.io/v1/`) to
`auth` (base64 of user:password) or `username` and `password`. The user's file may also name
helpers (`credHelpers` per registry, else `credsStore` for all), which hold the secret instead:
like Docker, a helper is asked first and the inline entry is the fallback. Identity tokens (an
OAuth refresh token in place of a password) are refused with a message, not sent as a password.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import subprocess
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemahero.driver_api.errors import invalid

log = logging.getLogger(__name__)

CONFIG_ENV = "DOCKER_CONFIG"
"""Docker's own variable: the folder holding config.json (default ~/.docker)."""
HELPER_TIMEOUT = 30.0
IDENTITY_TOKEN_USER = "<token>"
"""The user name a credential helper answers with when its secret is an identity token."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)

    def basic(self) -> str:
        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()


def from_docker_config(
    content: bytes, registry: str, what: str = "the pull secret's .dockerconfigjson"
) -> Credentials | None:
    """The credentials the `auths` of a Docker config hold for `registry`, if any."""
    for server, entry in _auths(_decoded(content, what)).items():
        if _host(server) == registry and isinstance(entry, dict):
            return _inline(entry, registry, what)
    return None


def from_user_config(registry: str) -> Credentials | None:
    """The credentials the user's Docker config gives `registry` ($DOCKER_CONFIG, else ~/.docker)."""
    path = Path(os.environ.get(CONFIG_ENV) or Path.home() / ".docker") / "config.json"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None
    config = _decoded(content, str(path))
    helpers = config.get("credHelpers")
    helper = helpers.get(registry) if isinstance(helpers, dict) else None
    helper = helper or config.get("credsStore")
    found = _from_helper(str(helper), registry) if helper else None
    return found or from_docker_config(content, registry, str(path))


def _from_helper(helper: str, registry: str) -> Credentials | None:
    """Ask `docker-credential-<helper> get`; None when it holds nothing for `registry`."""
    program = f"docker-credential-{helper}"
    try:
        answer = subprocess.run(
            [program, "get"],
            input=registry.encode(),
            capture_output=True,
            timeout=HELPER_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise invalid(
            f"the Docker config names the credential helper {program}, which failed: {error}"
        ) from None
    if answer.returncode != 0:
        log.info(
            "%s has no credentials for %s: %s", program, registry, answer.stdout.decode(errors="replace")
        )
        return None
    try:
        found = json.loads(answer.stdout)
        username, secret = str(found["Username"]), str(found["Secret"])
    except (ValueError, KeyError, TypeError):
        raise invalid(f"{program} answered for {registry} without Username and Secret") from None
    if username == IDENTITY_TOKEN_USER:
        raise invalid(
            f"{program} holds an identity token for {registry}; log in with a password or an access token"
        )
    return Credentials(username, secret)


def _decoded(content: bytes, what: str) -> dict[str, Any]:
    try:
        config = json.loads(content)
    except ValueError:
        config = None
    if not isinstance(config, dict):
        raise invalid(f"{what} is not a Docker config (JSON with auths)")
    return config


def _auths(config: Mapping[str, Any]) -> dict[str, Any]:
    auths = config.get("auths")
    return {str(k): v for k, v in auths.items()} if isinstance(auths, dict) else {}


def _host(server: str) -> str:
    """`https://index.docker.io/v1/` and `index.docker.io` both name a registry host."""
    if "://" in server:
        return urllib.parse.urlsplit(server).netloc
    return server.split("/", 1)[0]


def _inline(entry: Mapping[str, Any], registry: str, what: str) -> Credentials | None:
    if entry.get("identitytoken"):
        raise invalid(
            f"{what} holds an identity token for {registry}; log in with a password or an access token"
        )
    if entry.get("username"):
        return Credentials(str(entry["username"]), str(entry.get("password", "")))
    if not entry.get("auth"):
        return None  # an entry a credential store keeps its place with
    try:
        user, _, password = base64.b64decode(str(entry["auth"]), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise invalid(f"{what}: the auth for {registry} is not base64 of user:password") from None
    return Credentials(user, password)
