"""The driver artifact: an OCI manifest whose config names the driver and whose layer is a wheel.

    manifest  artifactType application/vnd.schemahero.driver.v1
      config  application/vnd.schemahero.driver.config.v1+json
              {"engine", "version", "apiVersions", "module", "extra"}
      layer   application/vnd.schemahero.driver.wheel.v1+zip, titled with the wheel's file name

The CLI installs the wheel (with `extra`) into a private environment and runs `python -m
module`. The same tag may hold an image index that also lists the driver's container image
for the operator: the CLI picks the entry whose artifactType is this one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemahero.driver_api.errors import DriverError, invalid
from schemahero.plugins import digests

ARTIFACT_TYPE = "application/vnd.schemahero.driver.v1"
CONFIG_MEDIA_TYPE = "application/vnd.schemahero.driver.config.v1+json"
WHEEL_MEDIA_TYPE = "application/vnd.schemahero.driver.wheel.v1+zip"
TITLE = "org.opencontainers.image.title"

MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json"
DOCKER_MEDIA_TYPES = frozenset(
    {
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    }
)

_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_EXTRA = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]*)?")
_ENGINE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_WHEEL = re.compile(r"[A-Za-z0-9_.+!-]+\.whl")


@dataclass(frozen=True)
class Descriptor:
    """A blob as a manifest points at it: what it is, its digest, its size."""

    media_type: str
    digest: str
    size: int
    annotations: Mapping[str, str] = field(default_factory=dict)

    def encode(self) -> dict[str, Any]:
        found: dict[str, Any] = {"mediaType": self.media_type, "digest": self.digest, "size": self.size}
        if self.annotations:
            found["annotations"] = dict(self.annotations)
        return found

    @classmethod
    def decode(cls, raw: object, where: str) -> Descriptor:
        if not isinstance(raw, dict):
            raise invalid(f"{where}: a descriptor must be an object")
        size = raw.get("size")
        annotations = raw.get("annotations") or {}
        if not isinstance(size, int) or size < 0 or not isinstance(annotations, dict):
            raise invalid(f"{where}: a descriptor needs a size and string annotations")
        return cls(
            media_type=str(raw.get("mediaType", "")),
            digest=digests.valid(raw.get("digest"), f"{where}.digest"),
            size=size,
            annotations={str(k): str(v) for k, v in annotations.items()},
        )


@dataclass(frozen=True)
class DriverConfig:
    """What the artifact says it holds; checked again against the running driver's GetPluginInfo."""

    engine: str
    version: str
    api_versions: tuple[str, ...]
    module: str
    """Run as `python -m module --listen ...`."""
    extra: str = ""
    """The wheel's extra to install with it (the engine's database client)."""

    def encode(self) -> bytes:
        return _canonical(
            {
                "engine": self.engine,
                "version": self.version,
                "apiVersions": list(self.api_versions),
                "module": self.module,
                "extra": self.extra,
            }
        )

    @classmethod
    def decode(cls, content: bytes, where: str) -> DriverConfig:
        raw = _json_object(content, where)
        api_versions = raw.get("apiVersions")
        config = cls(
            engine=str(raw.get("engine", "")),
            version=str(raw.get("version", "")),
            api_versions=tuple(str(v) for v in api_versions) if isinstance(api_versions, list) else (),
            module=str(raw.get("module", "")),
            extra=str(raw.get("extra", "")),
        )
        config.validate(where)
        return config

    def validate(self, where: str) -> None:
        """The module and extra end up in a launcher and a pip requirement: only plain names pass."""
        problems = [
            f"engine {self.engine!r} is not an engine name" if not _ENGINE.fullmatch(self.engine) else "",
            "version is empty" if not self.version or len(self.version) > 64 else "",
            "apiVersions is empty" if not self.api_versions else "",
            f"module {self.module!r} is not a module name" if not _MODULE.fullmatch(self.module) else "",
            f"extra {self.extra!r} is not an extra name" if not _EXTRA.fullmatch(self.extra) else "",
        ]
        if found := [p for p in problems if p]:
            raise invalid(f"{where}: driver config: " + "; ".join(found))


@dataclass(frozen=True)
class DriverManifest:
    config: Descriptor
    wheel: Descriptor

    @property
    def wheel_filename(self) -> str:
        return self.wheel.annotations[TITLE]

    @property
    def blobs(self) -> tuple[Descriptor, ...]:
        return (self.config, self.wheel)

    def encode(self) -> bytes:
        return _canonical(
            {
                "schemaVersion": 2,
                "mediaType": MANIFEST_MEDIA_TYPE,
                "artifactType": ARTIFACT_TYPE,
                "config": self.config.encode(),
                "layers": [self.wheel.encode()],
            }
        )

    @classmethod
    def decode(cls, content: bytes, where: str) -> DriverManifest:
        raw = _json_object(content, where)
        media_type = raw.get("mediaType", MANIFEST_MEDIA_TYPE)
        if media_type != MANIFEST_MEDIA_TYPE:
            raise not_a_driver(where, f"a manifest of type {media_type}")
        config = Descriptor.decode(raw.get("config"), f"{where}: config")
        if ARTIFACT_TYPE not in (raw.get("artifactType"), config.media_type):
            kind = raw.get("artifactType") or config.media_type
            raise not_a_driver(where, f"an artifact of type {kind}")
        layers = raw.get("layers")
        wheels = [
            Descriptor.decode(layer, f"{where}: layer {n}")
            for n, layer in enumerate(layers if isinstance(layers, list) else [])
        ]
        wheels = [w for w in wheels if w.media_type == WHEEL_MEDIA_TYPE]
        if len(wheels) != 1:
            raise invalid(f"{where}: a driver artifact has exactly one {WHEEL_MEDIA_TYPE} layer")
        title = wheels[0].annotations.get(TITLE, "")
        if not _WHEEL.fullmatch(title):
            raise invalid(f"{where}: the wheel layer's {TITLE} {title!r} is not a wheel file name")
        return cls(config, wheels[0])


def pick_from_index(content: bytes, where: str) -> Descriptor:
    """The driver artifact among an image index's manifests (the others are container images)."""
    raw = _json_object(content, where)
    entries = raw.get("manifests")
    for n, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and entry.get("artifactType") == ARTIFACT_TYPE:
            return Descriptor.decode(entry, f"{where}: manifests[{n}]")
    raise not_a_driver(where, "an image index without a SchemaHero driver artifact")


def not_a_driver(where: str, what: str) -> DriverError:
    return invalid(
        f"{where} is {what}, not a SchemaHero driver artifact ({ARTIFACT_TYPE}); "
        "the CLI installs drivers published with `kubectl-schemahero plugin push`"
    )


def _canonical(value: dict[str, Any]) -> bytes:
    """Stable bytes: the same driver pushed twice has the same digest."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _json_object(content: bytes, where: str) -> dict[str, Any]:
    try:
        raw = json.loads(content)
    except ValueError as error:
        raise invalid(f"{where}: not JSON: {error}") from None
    if not isinstance(raw, dict):
        raise invalid(f"{where}: expected a JSON object")
    return raw
