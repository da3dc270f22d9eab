"""Cosign's key-based signatures: payloads, keys, signing and verifying (no network here).

For an artifact whose manifest digest is sha256:<hex>, `cosign sign --key` stores signatures in
the same repository under the tag `sha256-<hex>.sig`: an OCI manifest whose layers are
simple-signing payloads (application/vnd.dev.cosign.simplesigning.v1+json) naming that digest,
each carrying its base64 ECDSA P-256 / SHA-256 signature of the payload bytes in the layer
annotation dev.cosignproject.cosign/signature. A signature counts when it verifies with the
configured public key AND its payload names the digest being pulled; the payload's
docker-reference is informational, as cosign's spec says. Keyless signatures (a Fulcio
certificate and a Rekor entry instead of a key) are not verified here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid
from schemahero.plugins import digests
from schemahero.plugins.artifacts import MANIFEST_MEDIA_TYPE, Descriptor

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    HAVE_CRYPTOGRAPHY = True
except ImportError:  # the `oci` extra is not installed
    HAVE_CRYPTOGRAPHY = False

PAYLOAD_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json"
SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature"
PAYLOAD_TYPE = "cosign container image signature"
CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json"

PUBLIC_KEY_ENV = "SCHEMAHERO_PLUGIN_PUBLIC_KEY"
"""A public key PEM file (or the PEM text itself): when set, only signed plugins are used."""
PASSWORD_ENV = "SCHEMAHERO_PLUGIN_KEY_PASSWORD"
"""The password of an encrypted private key given to `plugin sign --key`."""


@dataclass(frozen=True)
class Signature:
    """One signed payload, as cosign stores it."""

    payload: bytes
    signature: str
    """Base64 of the DER-encoded ECDSA signature."""

    def encode(self) -> dict[str, str]:
        return {"payload": base64.b64encode(self.payload).decode(), "signature": self.signature}

    @classmethod
    def decode(cls, raw: Any, where: str) -> Signature:
        try:
            return cls(base64.b64decode(raw["payload"], validate=True), str(raw["signature"]))
        except (KeyError, TypeError, binascii.Error):
            raise invalid(f"{where}: not a stored signature") from None


def tag_for(digest: str) -> str:
    """Where cosign puts the signatures of `digest`: `sha256-<hex>.sig`."""
    return digests.folder_name(digests.valid(digest, "signed digest")) + ".sig"


def payload_for(repository: str, digest: str) -> bytes:
    """The simple-signing payload that `cosign sign` signs for `repository@digest`."""
    claim = {
        "critical": {
            "identity": {"docker-reference": repository},
            "image": {"docker-manifest-digest": digest},
            "type": PAYLOAD_TYPE,
        },
        "optional": None,
    }
    return json.dumps(claim, separators=(",", ":")).encode()


def signed_digest(payload: bytes) -> str | None:
    """The manifest digest a cosign payload vouches for, or None when it is no such payload."""
    try:
        critical = json.loads(payload)["critical"]
        if critical["type"] != PAYLOAD_TYPE:
            return None
        return str(critical["image"]["docker-manifest-digest"])
    except (ValueError, KeyError, TypeError):
        return None


def configured_public_key(path: str | None = None) -> ec.EllipticCurvePublicKey | None:
    """The key of `--public-key PATH`, else of $SCHEMAHERO_PLUGIN_PUBLIC_KEY, else None."""
    source = path or os.environ.get(PUBLIC_KEY_ENV, "")
    if not source:
        return None
    if source.lstrip().startswith("-----BEGIN"):
        return public_key(source.encode(), f"${PUBLIC_KEY_ENV}")
    return public_key(_read(Path(source), "public key"), source)


def public_key(pem: bytes, where: str) -> ec.EllipticCurvePublicKey:
    _require_cryptography()
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as error:
        raise invalid(f"{where}: not a PEM public key: {error}") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise invalid(f"{where}: cosign key signatures are ECDSA P-256; this is another kind of key")
    return key


def private_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """A PEM private key (PKCS#8 or SEC1), encrypted with $SCHEMAHERO_PLUGIN_KEY_PASSWORD if so."""
    _require_cryptography()
    pem = _read(path, "private key")
    if b"ENCRYPTED SIGSTORE PRIVATE KEY" in pem or b"ENCRYPTED COSIGN PRIVATE KEY" in pem:
        raise invalid(
            f"{path}: cosign's own encrypted key format is not read; export the key as PEM, e.g. "
            "`openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt`"
        )
    password = os.environ.get(PASSWORD_ENV)
    try:
        key = serialization.load_pem_private_key(pem, password.encode() if password else None)
    except (ValueError, TypeError) as error:
        raise invalid(
            f"{path}: cannot read the private key ({error}); set ${PASSWORD_ENV} if encrypted"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise invalid(f"{path}: cosign key signatures are ECDSA P-256; this is another kind of key")
    return key


def fingerprint(key: ec.EllipticCurvePublicKey) -> str:
    """`SHA256:<base64>` of the key's DER form, to tell keys apart in messages and the index."""
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")


def pem_of(key: ec.EllipticCurvePublicKey) -> bytes:
    """The key as PEM, as `public_key` reads it back (the operator keeps keys this way)."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def sign(payload: bytes, key: ec.EllipticCurvePrivateKey) -> Signature:
    der = key.sign(payload, ec.ECDSA(hashes.SHA256()))
    return Signature(payload, base64.b64encode(der).decode())


def verify(
    candidates: Sequence[Signature], key: ec.EllipticCurvePublicKey, digest: str, where: str
) -> Signature:
    """The first signature that verifies with `key` and names `digest`; refused otherwise."""
    reasons = []
    for candidate in candidates:
        try:
            key.verify(
                base64.b64decode(candidate.signature, validate=True),
                candidate.payload,
                ec.ECDSA(hashes.SHA256()),
            )
        except (InvalidSignature, binascii.Error, ValueError):
            reasons.append("a signature that does not verify with this key")
            continue
        named = signed_digest(candidate.payload)
        if named != digest:
            reasons.append(f"a valid signature of {named or 'no digest'}, not of this artifact")
            continue
        return candidate
    found = "; ".join(reasons) if reasons else "no signature at all"
    raise DriverError(
        ErrorCode.FAILED_PRECONDITION,
        f"{where} ({digest}) is not signed by the configured key {fingerprint(key)}: found {found}; "
        "refusing it",
    )


def layers_of(manifest: bytes, where: str) -> list[Descriptor]:
    """The payload layers of a `.sig` manifest that carry a signature annotation."""
    try:
        raw = json.loads(manifest)
        layers = raw["layers"] if isinstance(raw, dict) else None
    except (ValueError, KeyError):
        layers = None
    if not isinstance(layers, list):
        raise invalid(f"{where}: not a cosign signature manifest")
    found = [Descriptor.decode(layer, f"{where}: layer {n}") for n, layer in enumerate(layers)]
    return [d for d in found if d.media_type == PAYLOAD_MEDIA_TYPE and SIGNATURE_ANNOTATION in d.annotations]


def layer_for(signature: Signature) -> Descriptor:
    return Descriptor(
        PAYLOAD_MEDIA_TYPE,
        digests.of_bytes(signature.payload),
        len(signature.payload),
        {SIGNATURE_ANNOTATION: signature.signature},
    )


def config_for(layers: Sequence[Descriptor]) -> bytes:
    """An image config listing the payloads, as cosign writes one (verifiers do not read it)."""
    config = {
        "architecture": "",
        "config": {},
        "created": "0001-01-01T00:00:00Z",
        "history": [{"created": "0001-01-01T00:00:00Z"}],
        "os": "",
        "rootfs": {"type": "layers", "diff_ids": [layer.digest for layer in layers]},
    }
    return json.dumps(config, separators=(",", ":")).encode()


def manifest_for(config: Descriptor, layers: Sequence[Descriptor]) -> bytes:
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": config.encode(),
        "layers": [layer.encode() for layer in layers],
    }
    return json.dumps(manifest, separators=(",", ":")).encode()


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise invalid(f"{what} {path}: {error.strerror or error}") from None


def _require_cryptography() -> None:
    if not HAVE_CRYPTOGRAPHY:
        raise DriverError(
            ErrorCode.UNIMPLEMENTED,
            "plugin signatures need the oci extra: pip install 'schemahero[oci]'",
        )
