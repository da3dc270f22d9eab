"""Running the operator: one kopf operator for every Database and its objects."""

from __future__ import annotations

import logging
import threading
from typing import Any

import kopf

from schemahero.operator import handlers, sharding
from schemahero.operator.context import Context, Settings
from schemahero.operator.kube import Kube
from schemahero.operator.metrics import Metrics
from schemahero.operator.reconcile import sidecars
from schemahero.plugins.pool import DriverPool

log = logging.getLogger(__name__)

ANNOTATIONS_PREFIX = "schemahero.io"


def kopf_settings() -> kopf.OperatorSettings:
    """kopf's own bookkeeping in annotations (the CRDs' status schemas have no room for it),
    standalone (sharding.configured turns peering on), and Events only for what the handlers
    post or warn of.
    """
    settings = kopf.OperatorSettings()
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=ANNOTATIONS_PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=ANNOTATIONS_PREFIX, key="last-handled-configuration"
    )
    settings.peering.standalone = True
    settings.posting.level = logging.WARNING
    return settings


async def run(
    settings: Settings,
    *,
    stop_flag: threading.Event | None = None,
    ready_flag: threading.Event | None = None,
) -> None:
    """Serve until stopped (SIGINT/SIGTERM, or `stop_flag`); drivers are closed on the way out."""
    kube = await Kube.connect()
    pool = DriverPool()
    metrics = Metrics()
    if settings.metrics_port is not None:
        metrics.serve(settings.metrics_port, settings.metrics_address)
    ctx = Context(settings, kube, pool, metrics)
    registry = kopf.OperatorRegistry()
    handlers.register(registry, ctx)
    scope: dict[str, Any] = (
        {"namespaces": list(settings.namespaces)} if settings.namespaces else {"clusterwide": True}
    )
    log.info("watching %s", ", ".join(settings.namespaces) or "all namespaces")
    try:
        async with sidecars.running(ctx):
            await kopf.operator(
                registry=registry,
                settings=sharding.configured(kopf_settings(), settings),
                stop_flag=stop_flag,
                ready_flag=ready_flag,
                **scope,
            )
    finally:
        pool.close()
        await kube.close()
