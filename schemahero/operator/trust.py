"""Whether a pinned driver image may run when a public key is configured: a pure decision.

The registry's answer (cosign's `sha256-<hex>.sig` manifest and its payloads) is read by
reconcile/images.py; here it is judged. An image passes when some payload verifies with the key
and names exactly the pinned digest. An untrusted image gets no sidecar, and no in-tree driver
stands in for it: the Database says DriverUntrusted until the image is signed or changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import references, signatures
from schemahero.plugins.artifacts import Descriptor
from schemahero.plugins.signatures import SIGNATURE_ANNOTATION, Signature

MAX_PAYLOAD = 64 * 1024
"""A simple-signing payload is a few hundred bytes; a larger layer is not read."""


class Untrusted(DriverError):
    """The image carries no signature valid for the configured key: never retried, never replaced."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorCode.FAILED_PRECONDITION, message)


def payload_layers(manifest: bytes | None, where: str) -> list[Descriptor]:
    """The signed payloads a `.sig` manifest lists (none when there is no manifest), worth reading."""
    if manifest is None:
        return []
    try:
        layers = signatures.layers_of(manifest, where)
    except DriverError as error:
        raise Untrusted(f"{where}: {error.message}") from None
    return [layer for layer in layers if layer.size <= MAX_PAYLOAD]


def check(image: str, layers: list[Descriptor], payloads: Mapping[str, bytes], key_pem: bytes) -> None:
    """Untrusted unless one of the payloads (by layer digest) verifies with the key and names
    the digest `image` (`registry/repository@sha256:...`) is pinned to."""
    ref = references.parse(image)
    assert ref.digest, "only pinned images are checked"
    key = signatures.public_key(key_pem, "the configured public key")
    found = [
        Signature(payloads[layer.digest], layer.annotations[SIGNATURE_ANNOTATION])
        for layer in layers
        if layer.digest in payloads
    ]
    if not found:
        raise Untrusted(
            f"image {image} has no signature valid for the configured key {signatures.fingerprint(key)}: "
            f"there is no signature ({signatures.tag_for(ref.digest)}) in its repository; no sidecar runs it"
        )
    try:
        signatures.verify(found, key, ref.digest, f"image {ref.name}")
    except DriverError as error:
        raise Untrusted(error.message) from None
