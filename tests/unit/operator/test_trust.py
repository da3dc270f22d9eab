"""With a public key configured, a driver image runs only with a cosign signature by that key
naming its pinned digest: the decision on what the registry holds, the setting, the condition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero.operator import cli, connecting, trust
from schemahero.operator.conditions import Health
from schemahero.operator.plugin_settings import InvalidSetting, from_env
from schemahero.operator.reasons import Reason
from schemahero.plugins import digests, signatures
from schemahero.plugins.artifacts import Descriptor
from schemahero.plugins.signatures import Signature

REPOSITORY = "registry.example/drivers/sqlite"
DIGEST = digests.of_bytes(b"the image manifest")
IMAGE = f"{REPOSITORY}@{DIGEST}"


def key_pair() -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    private = ec.generate_private_key(ec.SECP256R1())
    return private, signatures.pem_of(private.public_key())


def stored(*found: Signature) -> tuple[list[Descriptor], dict[str, bytes]]:
    """The `.sig` manifest's layers as the registry lists them, and their payloads by digest."""
    layers = [signatures.layer_for(s) for s in found]
    config = Descriptor(signatures.CONFIG_MEDIA_TYPE, digests.of_bytes(b"{}"), 2)
    manifest = signatures.manifest_for(config, layers)
    listed = trust.payload_layers(manifest, "sig")
    return listed, {layer.digest: s.payload for layer, s in zip(layers, found, strict=True)}


def test_a_signature_by_the_key_naming_the_digest_is_trusted() -> None:
    private, public = key_pair()
    other, _ = key_pair()
    layers, payloads = stored(
        signatures.sign(signatures.payload_for(REPOSITORY, DIGEST), other),
        signatures.sign(signatures.payload_for(REPOSITORY, DIGEST), private),
    )
    trust.check(IMAGE, layers, payloads, public)


def test_an_unsigned_image_is_untrusted() -> None:
    _, public = key_pair()
    assert trust.payload_layers(None, "sig") == []
    with pytest.raises(trust.Untrusted) as refused:
        trust.check(IMAGE, [], {}, public)
    message = refused.value.message
    assert f"image {IMAGE} has no signature valid for the configured key SHA256:" in message
    assert signatures.tag_for(DIGEST) in message


def test_a_signature_by_another_key_is_untrusted() -> None:
    _, public = key_pair()
    other, _ = key_pair()
    layers, payloads = stored(signatures.sign(signatures.payload_for(REPOSITORY, DIGEST), other))
    with pytest.raises(trust.Untrusted, match="does not verify with this key"):
        trust.check(IMAGE, layers, payloads, public)


def test_a_valid_signature_of_another_digest_is_untrusted() -> None:
    private, public = key_pair()
    elsewhere = digests.of_bytes(b"another image")
    layers, payloads = stored(signatures.sign(signatures.payload_for(REPOSITORY, elsewhere), private))
    with pytest.raises(trust.Untrusted, match=f"a valid signature of {elsewhere}, not of this artifact"):
        trust.check(IMAGE, layers, payloads, public)


def test_what_is_not_a_signature_manifest_is_untrusted_and_large_layers_are_not_read() -> None:
    with pytest.raises(trust.Untrusted, match="not a cosign signature manifest"):
        trust.payload_layers(b"[]", "sig")
    huge = Descriptor(
        signatures.PAYLOAD_MEDIA_TYPE, DIGEST, trust.MAX_PAYLOAD + 1, {signatures.SIGNATURE_ANNOTATION: "x"}
    )
    manifest = json.dumps({"layers": [huge.encode()]}).encode()
    assert trust.payload_layers(manifest, "sig") == []


def test_an_untrusted_image_stalls_the_database_with_driver_untrusted() -> None:
    report = connecting.driver_failed(trust.Untrusted(f"image {IMAGE} has no signature"))
    assert report.driver_ready.status == "False" and report.driver_ready.reason == Reason.DRIVER_UNTRUSTED
    assert report.verdict.health is Health.STALLED and report.verdict.reason == Reason.DRIVER_UNTRUSTED
    assert not report.retry


def test_the_key_comes_from_the_flag_or_the_environment(tmp_path: Path) -> None:
    _, public = key_pair()
    _, other = key_pair()
    path = tmp_path / "cosign.pub"
    path.write_bytes(public)
    assert from_env({}).public_key is None
    assert from_env({signatures.PUBLIC_KEY_ENV: str(path)}).public_key == public
    assert from_env({signatures.PUBLIC_KEY_ENV: public.decode()}).public_key == public
    assert from_env({signatures.PUBLIC_KEY_ENV: other.decode()}, public_key=str(path)).public_key == public


def test_a_key_that_cannot_be_read_stops_the_operator(tmp_path: Path) -> None:
    with pytest.raises(InvalidSetting, match=r"--plugin-public-key: public key .*missing\.pub"):
        from_env({}, public_key=str(tmp_path / "missing.pub"))
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")
    with pytest.raises(InvalidSetting, match="not a PEM public key"):
        from_env({signatures.PUBLIC_KEY_ENV: str(garbage)})


def test_the_operator_flag_names_the_key_file(tmp_path: Path) -> None:
    _, public = key_pair()
    path = tmp_path / "cosign.pub"
    path.write_bytes(public)
    args = cli.parser().parse_args(["--plugin-public-key", str(path)])
    assert cli.settings_from(args).plugins.public_key == public
