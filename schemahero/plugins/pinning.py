"""A tag pinned to the digest its registry names now, so that a moved tag changes nothing running.

The operator pins every driver image before it adds the sidecar, and runs
`registry/repository@sha256:...` from then on. Only the top-level manifest is read: an image
index is pinned as a whole, and the kubelet picks the platform's image from it.
"""

from __future__ import annotations

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid
from schemahero.plugins.references import Reference
from schemahero.plugins.registries import RegistryClient


def pin(client: RegistryClient, ref: Reference) -> Reference:
    """`ref` as `registry/repository@sha256:...`, the digest of the manifest its tag names now.

    A reference with a tag and a digest must agree: the tag must still name that digest.
    INVALID_ARGUMENT when there is no such manifest or access is refused, FAILED_PRECONDITION
    when the content's digest is not the one the registry names or the reference pins,
    UNAVAILABLE when the registry cannot be reached.
    """
    fetched = client.manifest(ref.tagged(ref.tag) if ref.tag else ref)
    if fetched is None:
        raise invalid(f"{ref}: no such image in the registry")
    if ref.digest and fetched.digest != ref.digest:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{ref}: digest mismatch: the tag {ref.tag} names {fetched.digest} now, not {ref.digest}; "
            "refusing it (name the digest alone to run that image, or the tag alone to run the new one)",
        )
    return Reference(ref.registry, ref.repository, digest=fetched.digest)
