"""Reading a driver artifact and its signatures from a registry, checked on the way in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid
from schemahero.plugins import artifacts, signatures
from schemahero.plugins.artifacts import DOCKER_MEDIA_TYPES, INDEX_MEDIA_TYPE
from schemahero.plugins.references import Reference
from schemahero.plugins.registries import Fetched, RegistryClient
from schemahero.plugins.signatures import SIGNATURE_ANNOTATION, Signature

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

MAX_PAYLOAD = 64 * 1024
"""A simple-signing payload is a few hundred bytes; anything much larger is not one."""


def resolve(client: RegistryClient, ref: Reference) -> Fetched:
    """The driver artifact's manifest at `ref`; through an image index when the tag holds one."""
    fetched = client.manifest(ref)
    if fetched is None:
        raise invalid(f"{ref}: no such artifact in the registry")
    if fetched.media_type == INDEX_MEDIA_TYPE:
        chosen = artifacts.pick_from_index(fetched.content, str(ref))
        fetched = client.manifest(ref.pinned(chosen.digest))
        if fetched is None:
            raise invalid(f"{ref}: its index lists {chosen.digest}, which the registry does not have")
    if fetched.media_type in DOCKER_MEDIA_TYPES:
        raise artifacts.not_a_driver(str(ref), f"a container image ({fetched.media_type})")
    return fetched


def signatures_of(client: RegistryClient, ref: Reference, digest: str) -> list[Signature]:
    """The cosign signatures stored for `digest` in `ref`'s repository, unverified."""
    where = ref.tagged(signatures.tag_for(digest))
    fetched = client.manifest(where)
    if fetched is None:
        return []
    return [
        Signature(client.blob(where, layer.digest, MAX_PAYLOAD), layer.annotations[SIGNATURE_ANNOTATION])
        for layer in signatures.layers_of(fetched.content, str(where))
        if layer.size <= MAX_PAYLOAD
    ]


def verified_signature(
    client: RegistryClient, ref: Reference, digest: str, key: EllipticCurvePublicKey
) -> Signature:
    """A signature of `digest` by `key`, or the refusal that says what was found instead."""
    found = signatures_of(client, ref, digest)
    if not found:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{ref.name}@{digest} is not signed (no {signatures.tag_for(digest)} in its repository), "
            f"and a public key is configured ({signatures.fingerprint(key)}): refusing it",
        )
    return signatures.verify(found, key, digest, f"{ref.name}@{digest}")
