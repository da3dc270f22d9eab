"""What every handler shares: settings, the Kubernetes client, drivers, locks and metrics."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from schemahero.operator.kube import Kube
from schemahero.operator.metrics import Metrics
from schemahero.operator.pins import Pins
from schemahero.operator.plugin_settings import PluginSettings
from schemahero.operator.retries import Retries
from schemahero.plugins.pool import DriverPool


@dataclass(frozen=True)
class Settings:
    """How the operator runs; `python -m schemahero.operator --help` documents each flag."""

    namespaces: tuple[str, ...] = ()
    """Namespaces to watch; empty: all of them."""
    selector: str = ""
    """A label selector: only the objects it matches are this operator's (its shard); empty: all."""
    peering: str = ""
    """kopf's peering object shared by standby replicas; empty: standalone, no peering."""
    priority: int = 0
    """This replica's peering priority: the live replica of the highest one works, others wait."""
    metrics_port: int | None = None
    metrics_address: str = "0.0.0.0"
    """Where the metrics endpoint listens: every interface, for Prometheus in the cluster."""
    retry_delay: float = 2.0
    """First delay before retrying a database that is down; doubled each time."""
    max_retry_delay: float = 300.0
    resync_interval: float = 300.0
    """How often Databases' connections are checked again; 0: never (drift has its own interval,
    per Database: `spec.drift.interval`)."""
    migration_interval: float = 10.0
    """How soon an approved Migration that could not be applied yet is tried again."""
    plugins: PluginSettings = field(default_factory=PluginSettings)
    """Where drivers come from (the environment sets it: see plugin_settings)."""

    def backoff(self, retry: int) -> float:
        return float(min(self.retry_delay * 2 ** min(retry, 30), self.max_retry_delay))


PLANS_AHEAD = 2
"""Source objects of one database planned at once: one holds the database's lock, the next
reads what it needs meanwhile (its Database, its requirements)."""


@dataclass
class Context:
    settings: Settings
    kube: Kube
    pool: DriverPool
    metrics: Metrics
    clock: Callable[[], float] = time.time
    pins: Pins = field(default_factory=Pins)
    retries: Retries = field(default_factory=Retries)
    _locks: defaultdict[tuple[str, str], asyncio.Lock] = field(
        default_factory=lambda: defaultdict(asyncio.Lock)
    )
    _turns: defaultdict[tuple[str, str], asyncio.Semaphore] = field(
        default_factory=lambda: defaultdict(lambda: asyncio.Semaphore(PLANS_AHEAD))
    )

    def database_lock(self, namespace: str, database: str) -> asyncio.Lock:
        """One lock per database: plans and applies of one database never interleave."""
        return self._locks[(namespace, database)]

    def planning_turn(self, namespace: str, database: str) -> asyncio.Semaphore:
        """A few plans per database under way, the others waiting before they read or copy
        anything: a thousand new Tables then hold a thousand bodies (kopf's), not a thousand
        copies, plans and API requests in flight (each request in flight holds a connection with
        its TLS buffers)."""
        return self._turns[(namespace, database)]

    def now(self) -> int:
        return int(self.clock())
