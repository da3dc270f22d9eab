"""Cosign key-based signatures: the payload cosign signs, and what verifies and what does not."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from schemahero.driver_api.errors import DriverError
from schemahero.plugins import digests, signatures
from schemahero.plugins.artifacts import Descriptor
from schemahero.plugins.signatures import Signature

DIGEST = "sha256:" + "0f" * 32
OTHER = "sha256:" + "e1" * 32


def pem(key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_the_payload_is_cosigns_simple_signing_claim() -> None:
    payload = signatures.payload_for("ghcr.io/schemahero/schemahero-driver-postgres", DIGEST)
    assert json.loads(payload) == {
        "critical": {
            "identity": {"docker-reference": "ghcr.io/schemahero/schemahero-driver-postgres"},
            "image": {"docker-manifest-digest": DIGEST},
            "type": "cosign container image signature",
        },
        "optional": None,
    }
    assert signatures.signed_digest(payload) == DIGEST
    assert signatures.tag_for(DIGEST) == "sha256-" + "0f" * 32 + ".sig"


def test_a_signature_by_the_key_for_the_digest_verifies(private_key: ec.EllipticCurvePrivateKey) -> None:
    good = signatures.sign(signatures.payload_for("r/x", DIGEST), private_key)
    assert base64.b64decode(good.signature)[0] == 0x30, "DER-encoded, as cosign writes it"
    assert signatures.verify([good], private_key.public_key(), DIGEST, "ref") == good


def test_another_key_or_another_digest_is_refused_with_what_was_found(
    private_key: ec.EllipticCurvePrivateKey,
) -> None:
    stranger = ec.generate_private_key(ec.SECP256R1())
    candidates = [
        signatures.sign(signatures.payload_for("r/x", DIGEST), stranger),
        signatures.sign(signatures.payload_for("r/x", OTHER), private_key),
        Signature(signatures.payload_for("r/x", DIGEST), "not base64!"),
    ]
    with pytest.raises(DriverError) as refused:
        signatures.verify(candidates, private_key.public_key(), DIGEST, "ghcr.io/x")
    message = refused.value.message
    assert (
        f"is not signed by the configured key {signatures.fingerprint(private_key.public_key())}" in message
    )
    assert "a signature that does not verify with this key" in message
    assert f"a valid signature of {OTHER}, not of this artifact" in message
    with pytest.raises(DriverError, match="found no signature at all"):
        signatures.verify([], private_key.public_key(), DIGEST, "ghcr.io/x")


def test_a_changed_payload_no_longer_verifies(private_key: ec.EllipticCurvePrivateKey) -> None:
    good = signatures.sign(signatures.payload_for("r/x", DIGEST), private_key)
    forged = Signature(good.payload.replace(DIGEST.encode(), OTHER.encode()), good.signature)
    with pytest.raises(DriverError, match="does not verify"):
        signatures.verify([forged], private_key.public_key(), OTHER, "ref")


def test_the_configured_key_comes_from_the_option_or_the_environment(
    private_key: ec.EllipticCurvePrivateKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = signatures.fingerprint(private_key.public_key())
    assert signatures.configured_public_key() is None
    (tmp_path / "k.pub").write_bytes(pem(private_key.public_key()))
    key = signatures.configured_public_key(str(tmp_path / "k.pub"))
    assert key is not None and signatures.fingerprint(key) == expected
    monkeypatch.setenv(signatures.PUBLIC_KEY_ENV, pem(private_key.public_key()).decode())
    key = signatures.configured_public_key()
    assert key is not None and signatures.fingerprint(key) == expected
    assert expected.startswith("SHA256:") and "=" not in expected


def test_keys_that_cosign_key_signatures_do_not_use_are_refused(tmp_path: Path) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(DriverError, match="ECDSA P-256; this is another kind of key"):
        signatures.public_key(pem(rsa_key.public_key()), "k.pub")
    with pytest.raises(DriverError, match="not a PEM public key"):
        signatures.public_key(b"hello", "k.pub")
    cosign_key = tmp_path / "cosign.key"
    cosign_key.write_text("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n")
    with pytest.raises(DriverError, match="cosign's own encrypted key format is not read"):
        signatures.private_key(cosign_key)
    with pytest.raises(DriverError, match="No such file or directory"):
        signatures.private_key(tmp_path / "absent.pem")


def test_an_encrypted_private_key_is_read_with_its_password(
    private_key: ec.EllipticCurvePrivateKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "k.pem"
    path.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"sesame"),
        )
    )
    with pytest.raises(DriverError, match=signatures.PASSWORD_ENV):
        signatures.private_key(path)
    monkeypatch.setenv(signatures.PASSWORD_ENV, "sesame")
    assert signatures.private_key(path).public_key() == private_key.public_key()


def test_the_signature_manifest_has_cosigns_layout(private_key: ec.EllipticCurvePrivateKey) -> None:
    signed = signatures.sign(signatures.payload_for("r/x", DIGEST), private_key)
    layer = signatures.layer_for(signed)
    config = signatures.config_for([layer])
    manifest = signatures.manifest_for(
        Descriptor(signatures.CONFIG_MEDIA_TYPE, digests.of_bytes(config), len(config)), [layer]
    )
    raw = json.loads(manifest)
    assert raw["config"]["mediaType"] == "application/vnd.oci.image.config.v1+json"
    (only,) = raw["layers"]
    assert only["mediaType"] == "application/vnd.dev.cosign.simplesigning.v1+json"
    assert only["annotations"] == {"dev.cosignproject.cosign/signature": signed.signature}
    assert only["digest"] == digests.of_bytes(signed.payload)
    assert json.loads(config)["rootfs"]["diff_ids"] == [only["digest"]]
    assert signatures.layers_of(manifest, "sig") == [layer]


COSIGN_PUBLIC_KEY = b"""\
-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEo5dVyTBtN4Zy4RgXLbA63QxjN0H2
0+17S3vEvkP2+jTvD5NuNQfxDumUL6PlXxsj7ZAVo2G5pqTLP919I8JeDw==
-----END PUBLIC KEY-----
"""
COSIGN_SIGNED = "sha256:bf337d85f7266906136cd5c13c06081d83d4360c488ea385aeed82034182c916"
COSIGN_SIGNATURE = (
    "MEYCIQC+yoG4KP6eoSLWqN3T4BBhe8EvNPbG9UDQ/jaO1NWcFgIhAOubtyNZp69eo0u7peBfOR1Dd64FiMdwSSjJio5gLSEn"
)


def test_a_signature_made_by_cosign_verifies() -> None:
    """Made by `cosign sign --key cosign.key --tlog-upload=false` (cosign v2.6.5) for this digest.

    cosign stored the payload as a layer of digest sha256:4070839e...: byte for byte what
    payload_for writes, so signatures made here verify with `cosign verify --key` as well.
    """
    payload = signatures.payload_for("127.0.0.1:60403/schemahero-driver-sqlite", COSIGN_SIGNED)
    assert (
        digests.of_bytes(payload) == "sha256:4070839e7bd43db44cf38ed545bd9cab07f0262a6546fd15e57edbe5fb72ceea"
    )
    key = signatures.public_key(COSIGN_PUBLIC_KEY, "cosign.pub")
    signed = Signature(payload, COSIGN_SIGNATURE)
    assert signatures.verify([signed], key, COSIGN_SIGNED, "ref") == signed
