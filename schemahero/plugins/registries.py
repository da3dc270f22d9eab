"""The one client of the OCI distribution API, shared by the operator and the CLI; stdlib only.

The operator pins sidecar images (a manifest by tag) and reads cosign signatures (a manifest and
small blobs) with a pull secret's credentials; the CLI pulls, verifies, pushes and signs driver
artifacts with the user's Docker credentials. Both need the same few calls: the manifest at a
tag or digest, a blob (whole, or streamed to a file), a blob upload (HEAD, POST, PUT) and a
manifest upload, each answering the registry's Basic or Bearer challenge (challenges.py).

Why not oras-py for both: the operator must not need it (its extra is `operator`; oras was in
`oci`), and the CLI used little of it. Every manifest request and the reachability check already
went around it (raw requests through its session, since its own calls retry for minutes);
what was left was its auth state, one monolithic blob upload and one blob download.
It brought eleven distributions (requests, urllib3, certifi, charset-normalizer, idna,
jsonschema, referencing, rpds-py, attrs, ...; 6.6 MB installed), 140-360 ms of import, and read
only ~/.docker/config.json, never $DOCKER_CONFIG. The stdlib client below is the operator's
former pinning client plus uploads and streamed downloads, about 280 lines: one code path,
tested against a real registry without auth, with htpasswd over TLS, and with token auth.

Every response is checked: a manifest against the digest it was asked by and the one the
registry names, a blob against its descriptor (and never read past its size).
"""

from __future__ import annotations

import hashlib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPResponse
from pathlib import Path

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid, unavailable
from schemahero.plugins import challenges, credentials, digests
from schemahero.plugins.artifacts import DOCKER_MEDIA_TYPES, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, Descriptor
from schemahero.plugins.credentials import Credentials
from schemahero.plugins.references import Reference

ACCEPT = ", ".join([MANIFEST_MEDIA_TYPE, INDEX_MEDIA_TYPE, *sorted(DOCKER_MEDIA_TYPES)])
TIMEOUT = 15.0
"""Per socket operation: a slow download goes on as long as bytes keep coming."""
MAX_MANIFEST = 4 * 1024 * 1024
"""Registries refuse manifests above 4 MiB; a larger answer is not a manifest."""
CLI_HINT = "credentials are read from the Docker config ($DOCKER_CONFIG or ~/.docker): `docker login` first"
_CHUNK = 1 << 20
Body = bytes | Path


@dataclass(frozen=True)
class Fetched:
    """A manifest as the registry served it: its exact bytes, their digest, their media type."""

    content: bytes
    digest: str
    media_type: str


@dataclass(frozen=True)
class Transport:
    """How to reach a registry: `plain_http` when it has no TLS, `insecure` to skip TLS checks."""

    plain_http: bool = False
    insecure: bool = False

    def client(self, ref: Reference) -> RegistryClient:
        """A client of `ref`'s registry with the user's Docker credentials (the CLI's way)."""
        found = credentials.from_user_config(ref.registry)
        return RegistryClient(ref.registry, transport=self, credentials=found)


HTTPS = Transport()
"""The usual way: TLS, verified."""


class RegistryClient:
    """One registry; `hint` ends a refusal's message (where the credentials come from)."""

    def __init__(
        self,
        registry: str,
        *,
        transport: Transport = HTTPS,
        credentials: Credentials | None = None,
        hint: str = CLI_HINT,
    ) -> None:
        self.registry = registry
        self.transport = transport
        self._credentials = credentials
        self._hint = hint
        self._base = f"{'http' if transport.plain_http else 'https'}://{registry}/v2/"
        self._opener = _opener(transport.insecure)
        self._authorization: str | None = None

    def ping(self) -> None:
        """Fail fast, with a hint, when there is no registry at the address."""
        try:
            with self._opener.open(self._base, timeout=TIMEOUT):
                return
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 401:
                return
            raise unavailable(
                f"{self._base} answered HTTP {error.code}: is {self.registry} an OCI registry?"
            ) from None
        except OSError as error:
            hint = "" if self.transport.plain_http else "; a registry without TLS needs --plain-http"
            raise unavailable(
                f"registry {self.registry} cannot be reached at {self._base}: {_reason(error)}{hint}"
            ) from None

    def manifest(self, ref: Reference) -> Fetched | None:
        """The manifest at `ref` (by digest when it has one), or None when there is none."""
        what = f"manifest {ref}"
        response = self._send(
            "GET", ref, f"manifests/{ref.version}", what, {"Accept": ACCEPT}, absent_ok=True
        )
        if response is None:
            return None
        with response:
            content = self._read(response, MAX_MANIFEST, what)
            named = response.headers.get("Docker-Content-Digest")
            media_type = str(response.headers.get("Content-Type", "")).split(";")[0].strip()
        digest = digests.of_bytes(content)
        if ref.digest:
            digests.check(what, ref.digest, digest)
        if named:
            digests.check(what, digests.valid(named, "Docker-Content-Digest"), digest)
        return Fetched(content, digest, media_type)

    def blob(self, ref: Reference, digest: str, limit: int) -> bytes:
        """The blob `digest` of `ref`'s repository, at most `limit` bytes, checked against its digest."""
        what = f"blob {ref.name}@{digest}"
        with _present(self._send("GET", ref, f"blobs/{digest}", what)) as response:
            content = self._read(response, limit, what)
        digests.check(what, digest, digests.of_bytes(content))
        return content

    def download(self, ref: Reference, blob: Descriptor, destination: Path) -> None:
        """Write the blob to `destination`, refused (and removed) unless it is what `blob` names."""
        what = f"blob {blob.digest} of {ref.name}"
        sha, size = hashlib.sha256(), 0
        try:
            with (
                _present(self._send("GET", ref, f"blobs/{blob.digest}", what)) as response,
                destination.open("wb") as out,
            ):
                while size <= blob.size and (chunk := response.read(_CHUNK)):
                    size += len(chunk)
                    sha.update(chunk)
                    out.write(chunk)
        except OSError as error:
            destination.unlink(missing_ok=True)
            raise unavailable(f"{what} could not be downloaded: {error}") from None
        actual = "sha256:" + sha.hexdigest()
        if size > blob.size:
            destination.unlink()
            raise DriverError(
                ErrorCode.FAILED_PRECONDITION,
                f"{what}: larger than the {blob.size} bytes its descriptor names",
            )
        if actual != blob.digest:
            destination.unlink()
            raise digests.mismatch(what, blob.digest, actual)

    def upload(self, ref: Reference, blob: Descriptor, source: Body) -> None:
        """Push a blob (bytes, or a file) to `ref`'s repository, unless the registry has it."""
        what = f"blob {blob.digest} pushed to {ref.name}"
        present = self._send("HEAD", ref, f"blobs/{blob.digest}", what, absent_ok=True)
        if present is not None:
            present.close()
            return
        with _present(self._send("POST", ref, "blobs/uploads/", what, body=b"")) as started:
            location = started.headers.get("Location")
        if not location:
            raise unavailable(f"{what}: the registry started the upload without a Location")
        url = urllib.parse.urljoin(self._base, location)
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"digest": blob.digest})
        headers = {"Content-Type": "application/octet-stream"}
        with _present(self._send("PUT", ref, url, what, headers, body=source)):
            pass

    def put_manifest(self, ref: Reference, content: bytes, media_type: str) -> str:
        """Push a manifest under `ref`'s tag; its digest, checked against the registry's."""
        what = f"manifest pushed to {ref}"
        path = f"manifests/{ref.version}"
        with _present(
            self._send("PUT", ref, path, what, {"Content-Type": media_type}, body=content)
        ) as response:
            named = response.headers.get("Docker-Content-Digest")
        digest = digests.of_bytes(content)
        if named:
            digests.check(what, digest, named)
        return digest

    def _send(
        self,
        method: str,
        ref: Reference,
        path: str,
        what: str,
        headers: dict[str, str] | None = None,
        *,
        body: Body | None = None,
        absent_ok: bool = False,
    ) -> HTTPResponse | None:
        """The response to `method` on `path` (under the repository, or a URL), answering one
        challenge; None for a 404 when `absent_ok`."""
        url = path if "://" in path else f"{self._base}{ref.repository}/{path}"
        answer = self._attempt(method, url, headers or {}, body, what=what, absent_ok=absent_ok)
        if not isinstance(answer, str):
            return answer
        try:
            self._authorization = challenges.authorization(answer, self._credentials, self._opener)
        except challenges.Refused as refused:
            raise self._refused(refused.status, what) from None
        answer = self._attempt(method, url, headers or {}, body, what=what, absent_ok=absent_ok)
        if isinstance(answer, str):
            raise self._refused(401, what)
        return answer

    def _attempt(
        self, method: str, url: str, headers: dict[str, str], body: Body | None, *, what: str, absent_ok: bool
    ) -> HTTPResponse | str | None:
        """The response, None for an absent one, or the challenge of a 401."""
        request = urllib.request.Request(url, method=method, headers=headers)
        if self._authorization:  # never sent on to where a redirect leads (a CDN's signed URL)
            request.add_unredirected_header("Authorization", self._authorization)
        try:
            if isinstance(body, Path):
                request.add_header("Content-Length", str(body.stat().st_size))
                with body.open("rb") as stream:
                    request.data = stream
                    return self._opener.open(request, timeout=TIMEOUT)  # type: ignore[no-any-return]
            request.data = body
            return self._opener.open(request, timeout=TIMEOUT)  # type: ignore[no-any-return]
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 404 and absent_ok:
                return None
            if error.code == 401:
                return str(error.headers.get("WWW-Authenticate", ""))
            raise self._refused(error.code, what) from None
        except OSError as error:
            raise unavailable(f"{what}: the registry cannot be reached at {url}: {_reason(error)}") from None

    def _read(self, response: HTTPResponse, limit: int, what: str) -> bytes:
        content = response.read(limit + 1)
        if len(content) > limit:
            raise invalid(f"{what}: the registry's answer is larger than {limit} bytes")
        return content

    def _refused(self, status: int, what: str) -> DriverError:
        if status in (401, 403):
            return invalid(f"{what}: the registry refused access (HTTP {status}); {self._hint}")
        if status == 404:
            return invalid(f"{what}: not found in the registry")
        return DriverError(ErrorCode.UNAVAILABLE, f"{what}: the registry answered HTTP {status}")


def _present(response: HTTPResponse | None) -> HTTPResponse:
    assert response is not None, "a 404 is refused unless absent_ok"
    return response


def _opener(insecure: bool) -> urllib.request.OpenerDirector:
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))


def _reason(error: OSError) -> object:
    return error.reason if isinstance(error, urllib.error.URLError) else error
