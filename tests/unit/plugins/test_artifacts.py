"""The driver artifact's manifest and config: what passes, and the clear refusals of the rest."""

from __future__ import annotations

import json

import pytest

from schemahero.driver_api.errors import DriverError
from schemahero.plugins import digests
from schemahero.plugins.artifacts import (
    ARTIFACT_TYPE,
    CONFIG_MEDIA_TYPE,
    TITLE,
    WHEEL_MEDIA_TYPE,
    Descriptor,
    DriverConfig,
    DriverManifest,
    pick_from_index,
)

CONFIG = DriverConfig("sqlite", "0.1.0", ("v1",), "schemahero.drivers.sqlite", "")
WHEEL = Descriptor(
    WHEEL_MEDIA_TYPE, digests.of_bytes(b"wheel"), 5, {TITLE: "schemahero-0.1.0-py3-none-any.whl"}
)
MANIFEST = DriverManifest(
    Descriptor(CONFIG_MEDIA_TYPE, digests.of_bytes(CONFIG.encode()), len(CONFIG.encode())), WHEEL
)


def test_config_and_manifest_round_trip_to_the_same_bytes() -> None:
    assert DriverConfig.decode(CONFIG.encode(), "here") == CONFIG
    assert DriverManifest.decode(MANIFEST.encode(), "here") == MANIFEST
    raw = json.loads(MANIFEST.encode())
    assert raw["artifactType"] == ARTIFACT_TYPE
    assert raw["layers"][0]["annotations"] == {TITLE: "schemahero-0.1.0-py3-none-any.whl"}


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("module", "os; rm -rf /", "is not a module name"),
        ("module", "", "is not a module name"),
        ("extra", "postgres]; x", "is not an extra name"),
        ("engine", "Postgres", "is not an engine name"),
        ("apiVersions", [], "apiVersions is empty"),
    ],
)
def test_config_values_that_reach_a_launcher_or_pip_must_be_plain_names(
    field: str, value: object, problem: str
) -> None:
    raw = json.loads(CONFIG.encode())
    raw[field] = value
    with pytest.raises(DriverError, match=problem):
        DriverConfig.decode(json.dumps(raw).encode(), "config")


def test_something_else_than_a_driver_is_named_as_such() -> None:
    config = {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": WHEEL.digest, "size": 5}
    image = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config}
    with pytest.raises(
        DriverError, match=r"is an artifact of type application/vnd.oci.image.config.v1\+json, not"
    ):
        DriverManifest.decode(json.dumps(image).encode(), "ghcr.io/x:1")
    with pytest.raises(DriverError, match="not JSON"):
        DriverManifest.decode(b"<html>", "ghcr.io/x:1")


@pytest.mark.parametrize("title", ["../../etc/x.whl", "x.tar.gz", ""])
def test_the_wheel_title_must_be_a_plain_file_name(title: str) -> None:
    raw = json.loads(MANIFEST.encode())
    raw["layers"][0]["annotations"][TITLE] = title
    with pytest.raises(DriverError, match="is not a wheel file name"):
        DriverManifest.decode(json.dumps(raw).encode(), "ref")


def test_a_descriptor_digest_must_be_sha256() -> None:
    raw = json.loads(MANIFEST.encode())
    raw["layers"][0]["digest"] = "md5:abc"
    with pytest.raises(DriverError, match="is not a sha256 digest"):
        DriverManifest.decode(json.dumps(raw).encode(), "ref")


def test_an_index_yields_the_entry_of_our_artifact_type() -> None:
    manifest = "application/vnd.oci.image.manifest.v1+json"
    image = {
        "mediaType": manifest,
        "digest": digests.of_bytes(b"image"),
        "size": 1,
        "platform": {"os": "linux"},
    }
    driver = {"mediaType": manifest, "digest": WHEEL.digest, "size": 9, "artifactType": ARTIFACT_TYPE}
    index = {"manifests": [image, driver]}
    assert pick_from_index(json.dumps(index).encode(), "ref").digest == WHEEL.digest
    with pytest.raises(DriverError, match="an image index without a SchemaHero driver artifact"):
        pick_from_index(json.dumps({"manifests": [image]}).encode(), "ref")


def test_a_digest_mismatch_names_both_digests() -> None:
    error = digests.mismatch("blob of ghcr.io/x", "sha256:aa", "sha256:bb")
    assert error.message.startswith(
        "blob of ghcr.io/x: digest mismatch: expected sha256:aa, got sha256:bb; refusing"
    )
