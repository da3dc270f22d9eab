"""The one module that talks to OCI registries, through oras-py (the `oci` extra).

Credentials are read from ~/.docker/config.json (inline auths and credential helpers), as oras
reads them. A manifest is checked against the digest it was asked by and the digest the
registry names; a blob against the descriptor that pointed at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid, unavailable
from schemahero.plugins import digests
from schemahero.plugins.artifacts import DOCKER_MEDIA_TYPES, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, Descriptor
from schemahero.plugins.references import Reference

try:
    import oras.provider

    HAVE_ORAS = True
except ImportError:  # the `oci` extra is not installed
    HAVE_ORAS = False

ACCEPT = ", ".join([MANIFEST_MEDIA_TYPE, INDEX_MEDIA_TYPE, *sorted(DOCKER_MEDIA_TYPES)])
PING_TIMEOUT = 10.0
_OK = (200, 201, 202)


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
        return RegistryClient(ref.registry, plain_http=self.plain_http, insecure=self.insecure)


HTTPS = Transport()
"""The usual way: TLS, verified."""


class RegistryClient:
    """One registry. `plain_http` for a registry without TLS; `insecure` skips TLS verification."""

    def __init__(self, registry: str, *, plain_http: bool = False, insecure: bool = False) -> None:
        if not HAVE_ORAS:
            raise DriverError(
                ErrorCode.UNIMPLEMENTED,
                "OCI plugins need the oci extra: pip install 'schemahero[oci]'",
            )
        self.registry = registry
        self.plain_http = plain_http
        self._scheme = "http" if plain_http else "https"
        self._verify = not insecure
        self._oras: Any = oras.provider.Registry(
            hostname=registry, insecure=plain_http, tls_verify=self._verify
        )
        self._logged_in: set[str] = set()

    def close(self) -> None:
        self._oras.session.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def ping(self) -> None:
        """Fail fast, with a hint, when the registry cannot be reached (oras retries for minutes)."""
        url = f"{self._scheme}://{self.registry}/v2/"
        try:
            response = self._oras.session.get(url, timeout=PING_TIMEOUT, verify=self._verify)
        except OSError as error:
            hint = "" if self.plain_http else "; a registry without TLS needs --plain-http"
            raise unavailable(f"registry {self.registry} cannot be reached at {url}: {error}{hint}") from None
        response.close()
        if response.status_code not in (200, 401):
            raise unavailable(
                f"{url} answered HTTP {response.status_code}: is {self.registry} an OCI registry?"
            )

    def manifest(self, ref: Reference) -> Fetched | None:
        """The manifest at `ref` (by digest when it has one), or None when there is none."""
        response = self._request(ref, f"manifests/{ref.version}", "GET", headers={"Accept": ACCEPT})
        if response.status_code == 404:
            return None
        _ok(response, f"manifest {ref}")
        content = bytes(response.content)
        digest = digests.of_bytes(content)
        if ref.digest:
            digests.check(f"manifest {ref}", ref.digest, digest)
        if named := response.headers.get("Docker-Content-Digest"):
            digests.check(f"manifest {ref}", named, digest)
        media_type = str(response.headers.get("Content-Type", "")).split(";")[0].strip()
        return Fetched(content, digest, media_type)

    def download(self, ref: Reference, blob: Descriptor, destination: Path) -> None:
        """Write the blob to `destination`, refused (and removed) unless its digest matches."""
        self._login(ref)
        try:
            self._oras.download_blob(str(ref), blob.digest, str(destination))
        except (OSError, ValueError) as error:
            raise unavailable(f"blob {blob.digest} of {ref.name} could not be downloaded: {error}") from None
        actual = digests.of_file(destination)
        if actual != blob.digest:
            destination.unlink()
            raise digests.mismatch(f"blob of {ref.name}", blob.digest, actual)

    def upload(self, ref: Reference, blob: Descriptor, source: Path) -> None:
        self._login(ref)
        try:
            response = self._oras.upload_blob(str(source), str(ref), blob.encode())
        except (OSError, ValueError) as error:
            raise unavailable(f"blob {blob.digest} could not be pushed to {ref.name}: {error}") from None
        _ok(response, f"blob {blob.digest} pushed to {ref.name}")

    def put_manifest(self, ref: Reference, content: bytes, media_type: str) -> str:
        """Push a manifest under `ref`'s tag; its digest, checked against the registry's."""
        response = self._request(
            ref, f"manifests/{ref.version}", "PUT", data=content, headers={"Content-Type": media_type}
        )
        _ok(response, f"manifest pushed to {ref}")
        digest = digests.of_bytes(content)
        if named := response.headers.get("Docker-Content-Digest"):
            digests.check(f"manifest pushed to {ref}", digest, named)
        return digest

    def _request(self, ref: Reference, path: str, method: str, **kwargs: Any) -> Any:
        self._login(ref)
        url = f"{self._scheme}://{ref.registry}/v2/{ref.repository}/{path}"
        try:
            return self._oras.do_request(url, method, **kwargs)
        except ValueError as error:
            raise _refused(ref, str(error)) from None
        except OSError as error:
            raise unavailable(f"{method} {url} failed: {error}") from None

    def _login(self, ref: Reference) -> None:
        if ref.name not in self._logged_in:
            self._oras.auth.load_configs(self._oras.get_container(str(ref)))
            self._logged_in.add(ref.name)


def _ok(response: Any, what: str) -> None:
    status = int(response.status_code)
    if status in _OK:
        return
    if status in (401, 403):
        raise _refused_status(what, status)
    if status == 404:
        raise invalid(f"{what}: not found in the registry")
    raise unavailable(f"{what}: the registry answered HTTP {status}: {str(response.text)[:300]}")


def _refused(ref: Reference, detail: str) -> DriverError:
    return invalid(
        f"registry {ref.registry} refused access to {ref.name} ({detail}); credentials are read from "
        "~/.docker/config.json (log in with `docker login` or `oras login`)"
    )


def _refused_status(what: str, status: int) -> DriverError:
    return invalid(
        f"{what}: the registry refused access (HTTP {status}); credentials are read from "
        "~/.docker/config.json (log in with `docker login` or `oras login`)"
    )
