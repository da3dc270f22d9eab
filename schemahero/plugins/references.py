"""OCI references (`registry/repository[:tag][@digest]`) and the default name of each driver."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from schemahero import __version__
from schemahero.driver_api.errors import invalid

DEFAULT_REGISTRY = "ghcr.io/schemahero"
"""Where SchemaHero's own drivers are published; `SCHEMAHERO_PLUGIN_REGISTRY` overrides it."""
REGISTRY_ENV = "SCHEMAHERO_PLUGIN_REGISTRY"

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REFERENCE = re.compile(
    rf"(?P<registry>[A-Za-z0-9.-]+(?::[0-9]+)?)/(?P<repository>{_COMPONENT}(?:/{_COMPONENT})*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[0-9a-f]{64}))?"
)
_ENGINE = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class Reference:
    """One artifact in a registry; `digest`, once known, is what is pulled (the tag is a label)."""

    registry: str
    repository: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        return f"{self.registry}/{self.repository}"

    @property
    def version(self) -> str:
        """The tag or digest, as a registry's manifest URL wants it."""
        return self.digest or self.tag or "latest"

    def pinned(self, digest: str) -> Reference:
        return replace(self, digest=digest)

    def tagged(self, tag: str) -> Reference:
        return replace(self, tag=tag, digest=None)

    def __str__(self) -> str:
        return self.name + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")


def parse(text: str) -> Reference:
    """A full reference; the registry is never implied, so that a typo cannot reach Docker Hub."""
    found = _REFERENCE.fullmatch(text.strip())
    if found is None or not _is_registry(found["registry"]):
        raise invalid(
            f"{text!r} is not an OCI reference: expected REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST], "
            "e.g. ghcr.io/schemahero/schemahero-driver-postgres:0.1.0"
        )
    return Reference(found["registry"], found["repository"], found["tag"], found["digest"])


def for_pull(text: str) -> Reference:
    """`postgres` is short for the default registry's postgres driver of this version."""
    if _ENGINE.fullmatch(text):
        return default_for(text)
    return parse(text)


def default_for(engine: str) -> Reference:
    registry = os.environ.get(REGISTRY_ENV) or DEFAULT_REGISTRY
    return parse(f"{registry.rstrip('/')}/schemahero-driver-{engine}:{__version__}")


def _is_registry(host: str) -> bool:
    return "." in host or ":" in host or host == "localhost"
