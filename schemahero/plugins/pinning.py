"""A tag pinned to the digest its registry names now, so that a moved tag changes nothing running.

The operator pins every driver image before it adds the sidecar: it asks the registry for the
manifest at the reference (with the credentials of the Database's pull secret, as a
dockerconfigjson holds them), checks the bytes against the digest the registry names and the
one the reference carries, and runs `registry/repository@sha256:...` from then on. Only the
top-level manifest is read: an image index is pinned as a whole, and the kubelet picks the
platform's image from it. The CLI's registry client (registries.py) reads credentials from the
user's Docker config instead, and needs oras; this one is stdlib only, for the operator. With a
public key configured, the operator also reads cosign's signature manifest and its payloads
through it (`manifest`, `blob`), with the same credentials.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid, unavailable
from schemahero.plugins import digests
from schemahero.plugins.artifacts import DOCKER_MEDIA_TYPES, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE
from schemahero.plugins.references import Reference

ACCEPT = ", ".join([INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, *sorted(DOCKER_MEDIA_TYPES)])
TIMEOUT = 15.0
MAX_MANIFEST = 4 * 1024 * 1024
"""Registries refuse manifests above 4 MiB; a larger answer is not a manifest."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def basic(self) -> str:
        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()


def credentials_for(docker_config: bytes, registry: str) -> Credentials | None:
    """The credentials a dockerconfigjson (a pull secret's `.dockerconfigjson`) holds for `registry`."""
    try:
        auths = json.loads(docker_config).get("auths") or {}
    except (ValueError, AttributeError):
        raise invalid(
            "the pull secret's .dockerconfigjson is not a Docker config (JSON with auths)"
        ) from None
    for server, entry in auths.items() if isinstance(auths, dict) else ():
        if _host(str(server)) == registry and isinstance(entry, dict):
            return _credentials(entry, registry)
    return None


def pin(ref: Reference, *, credentials: Credentials | None = None, plain_http: bool = False) -> Reference:
    """`ref` as `registry/repository@sha256:...`, the digest of the manifest its tag names now.

    A reference with a tag and a digest must agree: the tag must still name that digest.
    INVALID_ARGUMENT when there is no such manifest or access is refused, FAILED_PRECONDITION
    when the content's digest is not the one the registry names or the reference pins,
    UNAVAILABLE when the registry cannot be reached.
    """
    content = _manifest(ref, credentials, plain_http, absent_ok=False)
    assert content is not None
    actual = digests.of_bytes(content)
    if ref.digest and ref.tag and actual != ref.digest:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{ref}: digest mismatch: the tag {ref.tag} names {actual} now, not {ref.digest}; refusing "
            "it (name the digest alone to run that image, or the tag alone to run the new one)",
        )
    if ref.digest:
        digests.check(f"manifest of {ref}", ref.digest, actual)
    return Reference(ref.registry, ref.repository, digest=actual)


def manifest(
    ref: Reference, *, credentials: Credentials | None = None, plain_http: bool = False
) -> bytes | None:
    """The manifest `ref`'s tag (or digest) names, checked against the digest the registry names;
    None when there is none (a signature tag that was never pushed)."""
    return _manifest(ref, credentials, plain_http, absent_ok=True)


def blob(
    ref: Reference,
    digest: str,
    limit: int,
    *,
    credentials: Credentials | None = None,
    plain_http: bool = False,
) -> bytes:
    """The blob `digest` of `ref`'s repository, at most `limit` bytes, checked against its digest."""
    scheme = "http" if plain_http else "https"
    url = f"{scheme}://{ref.registry}/v2/{ref.repository}/blobs/{digest}"
    what = f"{ref.name}@{digest}"
    with _get(url, {}, credentials, what) as response:
        content: bytes = response.read(limit + 1)
    if len(content) > limit:
        raise invalid(f"{what}: the blob is larger than {limit} bytes")
    digests.check(f"blob {what}", digest, digests.of_bytes(content))
    return content


def _manifest(
    ref: Reference, credentials: Credentials | None, plain_http: bool, *, absent_ok: bool
) -> bytes | None:
    scheme = "http" if plain_http else "https"
    url = f"{scheme}://{ref.registry}/v2/{ref.repository}/manifests/{ref.tag or ref.version}"
    response = _get(url, {"Accept": ACCEPT}, credentials, str(ref), absent_ok=absent_ok)
    if response is None:
        return None
    with response:
        content: bytes = response.read(MAX_MANIFEST + 1)
        named = response.headers.get("Docker-Content-Digest")
    if len(content) > MAX_MANIFEST:
        raise invalid(f"{ref}: the registry's answer is larger than any manifest")
    if named:
        digests.check(
            f"manifest of {ref}", digests.valid(named, "Docker-Content-Digest"), digests.of_bytes(content)
        )
    return content


def _get(
    url: str, headers: dict[str, str], credentials: Credentials | None, what: str, *, absent_ok: bool = False
) -> Any:
    """GET `url`, answering a registry's Basic or Bearer challenge once (None: 404, if `absent_ok`)."""
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT)
    except urllib.error.HTTPError as error:
        if error.code == 404 and absent_ok:
            return None
        if error.code != 401:
            raise _refusal(error.code, what) from None
        challenge = error.headers.get("WWW-Authenticate", "")
    except OSError as error:
        raise unavailable(f"{what}: the registry cannot be reached at {url}: {error}") from None
    authorized = {**headers, "Authorization": _authorization(challenge, credentials, what)}
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=authorized), timeout=TIMEOUT)
    except urllib.error.HTTPError as error:
        if error.code == 404 and absent_ok:
            return None
        raise _refusal(error.code, what) from None
    except OSError as error:
        raise unavailable(f"{what}: the registry cannot be reached at {url}: {error}") from None


def _authorization(challenge: str, credentials: Credentials | None, what: str) -> str:
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "basic":
        if credentials is None:
            raise _refusal(401, what)
        return credentials.basic()
    if scheme.lower() != "bearer":
        raise invalid(f"{what}: the registry asks for {scheme or 'an unknown'} authentication")
    params = _challenge_params(rest)
    realm = params.pop("realm", "")
    if not realm.startswith(("https://", "http://")):
        raise invalid(f"{what}: the registry's token realm {realm!r} is not a URL")
    url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(params)
    headers = {"Authorization": credentials.basic()} if credentials else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT) as answer:
            token = json.loads(answer.read(MAX_MANIFEST))
    except urllib.error.HTTPError as error:
        raise _refusal(error.code, what) from None
    except (OSError, ValueError) as error:
        raise unavailable(f"{what}: no token from {realm}: {error}") from None
    found = token.get("token") or token.get("access_token") if isinstance(token, dict) else None
    if not isinstance(found, str):
        raise unavailable(f"{what}: {realm} answered without a token")
    return f"Bearer {found}"


def _challenge_params(text: str) -> dict[str, str]:
    """`realm="...",service="...",scope="..."` as a mapping (values may hold commas)."""
    params: dict[str, str] = {}
    rest = text.strip()
    while rest:
        key, _, rest = rest.partition("=")
        if rest.startswith('"'):
            value, _, rest = rest[1:].partition('"')
        else:
            value, _, rest = rest.partition(",")
        params[key.strip().lstrip(",").strip()] = value
        rest = rest.lstrip(", ")
    return params


def _refusal(status: int, what: str) -> DriverError:
    if status in (401, 403):
        return invalid(
            f"{what}: the registry refused access (HTTP {status}); name a pullSecret with credentials"
        )
    if status == 404:
        return invalid(f"{what}: no such image in the registry")
    return DriverError(ErrorCode.UNAVAILABLE, f"{what}: the registry answered HTTP {status}")


def _host(server: str) -> str:
    """`https://index.docker.io/v1/` and `index.docker.io` both name a registry host."""
    if "://" in server:
        return urllib.parse.urlsplit(server).netloc
    return server.split("/", 1)[0]


def _credentials(entry: Mapping[str, Any], registry: str) -> Credentials:
    if entry.get("username"):
        return Credentials(str(entry["username"]), str(entry.get("password", "")))
    try:
        user, _, password = (
            base64.b64decode(str(entry.get("auth", "")), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        raise invalid(f"the pull secret's auth for {registry} is not base64 of user:password") from None
    return Credentials(user, password)
