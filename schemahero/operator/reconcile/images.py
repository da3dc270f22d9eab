"""A Database's sidecar image, pinned: the registry is asked once per reference (see pins.py),
and, with a public key configured, once per pinned image for its cosign signature (trust.py)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections.abc import Mapping
from typing import Any

from schemahero.driver_api.errors import invalid, unavailable
from schemahero.operator import sourcing, trust
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json
from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.operator.sidecars import Sidecar
from schemahero.operator.statuses import DatabaseStatus
from schemahero.plugins import credentials, pinning, references, signatures
from schemahero.plugins.pool import SidecarEndpoint
from schemahero.plugins.registries import RegistryClient, Transport

log = logging.getLogger(__name__)

DOCKER_CONFIG_KEY = ".dockerconfigjson"
PULL_SECRET_HINT = "name a pullSecret with credentials for it"


async def endpoint(ctx: Context, choice: sourcing.Choice) -> SidecarEndpoint:
    """The sidecar serving `choice`'s image, pinned (DriverError when it cannot be pinned)."""
    settings = ctx.settings.plugins.sidecars
    assert settings is not None and choice.image, "only sidecar choices have an endpoint"
    image = await ctx.pins.pinned(choice.image, lambda: _pin(ctx, choice, settings))
    key = ctx.settings.plugins.public_key
    if key is not None and image not in ctx.pins.trusted:
        await _verify(ctx, choice, settings, image, key)
        ctx.pins.trusted.add(image)
    return Sidecar(choice.engine, image).endpoint(settings)


def previous(ctx: Context, database: Mapping[str, Any], engine: str) -> SidecarEndpoint | None:
    """The sidecar that served the Database so far, by its status (during an upgrade); with a
    public key configured, only if its image passed the signature check in this run."""
    settings = ctx.settings.plugins.sidecars
    image = sourcing.serving_image(from_json(DatabaseStatus, database.get("status")))
    if ctx.settings.plugins.public_key is not None and image not in ctx.pins.trusted:
        return None
    return Sidecar(engine, image).endpoint(settings) if settings and image else None


async def _pin(ctx: Context, choice: sourcing.Choice, settings: SidecarSettings) -> str:
    assert choice.image is not None
    ref = references.parse(choice.image)
    client = await _client(ctx, choice, settings, ref)
    pinned = await asyncio.to_thread(pinning.pin, client, ref)
    log.info("%s pinned to %s", ref, pinned)
    return str(pinned)


async def _verify(
    ctx: Context, choice: sourcing.Choice, settings: SidecarSettings, image: str, key: bytes
) -> None:
    """Read the cosign signatures of the pinned `image` and judge them (trust.Untrusted)."""
    ref = references.parse(image)
    assert ref.digest is not None
    client = await _client(ctx, choice, settings, ref)
    where = ref.tagged(signatures.tag_for(ref.digest))
    manifest = await asyncio.to_thread(client.manifest, where)
    layers = trust.payload_layers(manifest.content if manifest else None, str(where))
    payloads = {}
    for layer in layers:
        payloads[layer.digest] = await asyncio.to_thread(client.blob, where, layer.digest, trust.MAX_PAYLOAD)
    try:
        trust.check(image, layers, payloads, key)
    except trust.Untrusted as refused:
        log.warning("%s", refused.message)
        raise
    log.info("%s: signature verified", image)


async def _client(
    ctx: Context, choice: sourcing.Choice, settings: SidecarSettings, ref: references.Reference
) -> RegistryClient:
    """A client of `ref`'s registry with the Database's pull secret's credentials, if it names one."""
    found = None
    if choice.pull_secret:
        config = await _docker_config(ctx, settings.namespace, choice.pull_secret)
        found = credentials.from_docker_config(config, ref.registry)
    transport = Transport(plain_http=ref.registry in ctx.settings.plugins.plain_http)
    return RegistryClient(ref.registry, transport=transport, credentials=found, hint=PULL_SECRET_HINT)


async def _docker_config(ctx: Context, namespace: str, name: str) -> bytes:
    data = await ctx.kube.secret_data(namespace, name)
    if data is None:
        raise unavailable(f"pull secret {name} not found in {namespace}, the operator's namespace")
    if DOCKER_CONFIG_KEY not in data:
        raise invalid(
            f"pull secret {namespace}/{name} has no {DOCKER_CONFIG_KEY} (type kubernetes.io/dockerconfigjson)"
        )
    try:
        return base64.b64decode(data[DOCKER_CONFIG_KEY])
    except binascii.Error:
        raise invalid(f"pull secret {namespace}/{name}: {DOCKER_CONFIG_KEY} is not base64") from None
