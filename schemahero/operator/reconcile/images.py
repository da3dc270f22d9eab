"""A Database's sidecar image, pinned: the registry is asked once per reference (see pins.py)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections.abc import Mapping
from typing import Any

from schemahero.driver_api.errors import invalid, unavailable
from schemahero.operator import sourcing
from schemahero.operator.context import Context
from schemahero.operator.encoding import from_json
from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.operator.sidecars import Sidecar
from schemahero.operator.statuses import DatabaseStatus
from schemahero.plugins import pinning, references
from schemahero.plugins.pool import SidecarEndpoint

log = logging.getLogger(__name__)

DOCKER_CONFIG_KEY = ".dockerconfigjson"


async def endpoint(ctx: Context, choice: sourcing.Choice) -> SidecarEndpoint:
    """The sidecar serving `choice`'s image, pinned (DriverError when it cannot be pinned)."""
    settings = ctx.settings.plugins.sidecars
    assert settings is not None and choice.image, "only sidecar choices have an endpoint"
    image = await ctx.pins.pinned(choice.image, lambda: _pin(ctx, choice, settings))
    return Sidecar(choice.engine, image).endpoint(settings)


def previous(ctx: Context, database: Mapping[str, Any], engine: str) -> SidecarEndpoint | None:
    """The sidecar that served the Database so far, by its status (during an upgrade)."""
    settings = ctx.settings.plugins.sidecars
    image = sourcing.serving_image(from_json(DatabaseStatus, database.get("status")))
    return Sidecar(engine, image).endpoint(settings) if settings and image else None


async def _pin(ctx: Context, choice: sourcing.Choice, settings: SidecarSettings) -> str:
    assert choice.image is not None
    ref = references.parse(choice.image)
    credentials = None
    if choice.pull_secret:
        config = await _docker_config(ctx, settings.namespace, choice.pull_secret)
        credentials = pinning.credentials_for(config, ref.registry)
    plain = ref.registry in ctx.settings.plugins.plain_http
    pinned = await asyncio.to_thread(pinning.pin, ref, credentials=credentials, plain_http=plain)
    log.info("%s pinned to %s", ref, pinned)
    return str(pinned)


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
