"""`plugin push` and `plugin sign`: publishing a driver wheel as an OCI artifact, and signing it.

Releases and tests make artifacts this one way. A signature is stored as `cosign sign --key`
stores it, so that cosign can verify what this signs, and the other way round.
"""

from __future__ import annotations

import email.parser
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from schemahero.driver_api.errors import invalid
from schemahero.driver_api.types import API_VERSION
from schemahero.plugins import artifacts, digests, references, remote, signatures
from schemahero.plugins.artifacts import (
    CONFIG_MEDIA_TYPE,
    TITLE,
    WHEEL_MEDIA_TYPE,
    Descriptor,
    DriverConfig,
    DriverManifest,
)
from schemahero.plugins.references import Reference
from schemahero.plugins.registries import HTTPS, Transport
from schemahero.plugins.signatures import Signature

IN_TREE_DISTRIBUTION = "schemahero"
DEFAULT_API_VERSIONS = (API_VERSION,)


def push(
    wheel: Path,
    target: str,
    *,
    engine: str,
    module: str | None = None,
    extra: str | None = None,
    api_versions: Sequence[str] = DEFAULT_API_VERSIONS,
    transport: Transport = HTTPS,
) -> Reference:
    """Push `wheel` as the driver artifact of `engine` to `target` (a tag); its pinned reference."""
    ref = references.parse(target)
    if ref.digest or not ref.tag:
        raise invalid(
            f"{target}: push to a tag (REGISTRY/REPOSITORY:TAG); the digest is the registry's answer"
        )
    name, version, extras = _wheel_metadata(wheel)
    config = DriverConfig(
        engine=engine,
        version=version,
        api_versions=tuple(api_versions),
        module=module or _default_module(name, engine),
        extra=_extra(extra, engine, extras, wheel),
    )
    config.validate(str(wheel))
    config_blob = config.encode()
    manifest = DriverManifest(
        config=Descriptor(CONFIG_MEDIA_TYPE, digests.of_bytes(config_blob), len(config_blob)),
        wheel=Descriptor(WHEEL_MEDIA_TYPE, digests.of_file(wheel), wheel.stat().st_size, {TITLE: wheel.name}),
    )
    client = transport.client(ref)
    client.ping()
    client.upload(ref, manifest.config, config_blob)
    client.upload(ref, manifest.wheel, wheel)
    digest = client.put_manifest(ref, manifest.encode(), artifacts.MANIFEST_MEDIA_TYPE)
    return ref.pinned(digest)


def sign(target: str, key_file: Path, *, transport: Transport = HTTPS) -> tuple[Reference, Signature]:
    """Sign the driver artifact at `target`, keeping any signatures already stored for it."""
    ref = references.parse(target)
    key = signatures.private_key(key_file)
    client = transport.client(ref)
    client.ping()
    digest = remote.resolve(client, ref).digest
    signature = signatures.sign(signatures.payload_for(ref.name, digest), key)
    where = ref.tagged(signatures.tag_for(digest))
    stored = [*remote.signatures_of(client, ref, digest), signature]
    layers = [signatures.layer_for(s) for s in stored]
    config = signatures.config_for(layers)
    config_blob = Descriptor(signatures.CONFIG_MEDIA_TYPE, digests.of_bytes(config), len(config))
    client.upload(where, config_blob, config)
    for layer, kept in zip(layers, stored, strict=True):
        client.upload(where, layer, kept.payload)
    client.put_manifest(where, signatures.manifest_for(config_blob, layers), artifacts.MANIFEST_MEDIA_TYPE)
    return ref.pinned(digest), signature


def _wheel_metadata(wheel: Path) -> tuple[str, str, list[str]]:
    """Name, version and extras from the wheel's METADATA: what the artifact's config repeats."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            found = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            if len(found) != 1:
                raise invalid(f"{wheel}: not a wheel (no single *.dist-info/METADATA)")
            metadata = email.parser.BytesHeaderParser().parsebytes(archive.read(found[0]))
    except (OSError, zipfile.BadZipFile) as error:
        raise invalid(f"{wheel}: not a wheel: {error}") from None
    if not re.fullmatch(r"[A-Za-z0-9_.+!-]+\.whl", wheel.name):
        raise invalid(f"{wheel}: a wheel's file name ends in .whl")
    return str(metadata["Name"]), str(metadata["Version"]), metadata.get_all("Provides-Extra") or []


def _default_module(distribution: str, engine: str) -> str:
    if distribution.lower() == IN_TREE_DISTRIBUTION:
        return f"schemahero.drivers.{engine}"
    raise invalid(f"{distribution} is not SchemaHero's own wheel: name the driver's module with --module")


def _extra(chosen: str | None, engine: str, offered: list[str], wheel: Path) -> str:
    """The extra named, else the engine's own if the wheel has one (the database client)."""
    if chosen is None:
        return engine if engine in offered else ""
    if chosen and chosen not in offered:
        raise invalid(f"{wheel} has no extra {chosen!r} (it has: {', '.join(offered) or 'none'})")
    return chosen
