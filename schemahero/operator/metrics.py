"""Prometheus metrics: plans, applies, failures, their durations, drift, connectivity."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server


class Metrics:
    """One registry per operator, so that several can live in one process (tests)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.plans = Counter(
            "schemahero_plans", "Plans made, by kind and outcome", ["kind", "outcome"], registry=r
        )
        self.plan_seconds = Histogram(
            "schemahero_plan_duration_seconds", "Time to plan one object", ["kind"], registry=r
        )
        self.applies = Counter(
            "schemahero_applies", "Migrations applied, by outcome", ["outcome"], registry=r
        )
        self.apply_seconds = Histogram(
            "schemahero_apply_duration_seconds", "Time to apply one Migration", registry=r
        )
        self.failures = Counter("schemahero_failures", "Failures, by stage", ["stage"], registry=r)
        self.drift = Counter(
            "schemahero_drift",
            "Objects found changed in the database after they were up to date",
            ["kind"],
            registry=r,
        )
        self.drifted = Gauge(
            "schemahero_drifted_objects",
            "Objects whose database differs from the spec they matched, at the last drift round",
            ["namespace", "database"],
            registry=r,
        )
        self.connected = Gauge(
            "schemahero_database_connected",
            "1 when the last connection check of a Database succeeded",
            ["namespace", "database"],
            registry=r,
        )

    def serve(self, port: int, address: str) -> None:
        start_http_server(port, address, registry=self.registry)
