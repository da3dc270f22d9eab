"""The k8s tier: a real kube-apiserver (tests/servers/kube.py), the CRDs applied with kubectl,
and the operator running in this process against it, with real SQLite and PostgreSQL databases.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from schemahero.operator import crds as crds_module
from schemahero.operator import running
from schemahero.operator.context import Settings
from schemahero.plugins import engines
from tests.conftest import Servers
from tests.k8s.kubectl import Kubectl
from tests.servers.base import TestDatabase, free_port

ROOT = Path(__file__).resolve().parents[2]
CRDS = ROOT / "manifests" / "crds"
START_TIMEOUT = 60.0
SETTINGS = Settings(
    namespaces=("!sc-*",),
    retry_delay=0.5,
    max_retry_delay=4.0,
    resync_interval=3.0,
    migration_interval=1.0,
)
"""Short delays: a test waits seconds, not minutes, for a retry or a resync. The `sc-*` namespaces
belong to test_sidecars.py, whose tests run operators of their own."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/k8s/" in str(item.path):
            item.add_marker(pytest.mark.k8s)


@pytest.fixture(scope="session")
def cluster(servers: Servers) -> Any:
    found = servers.server("kube")
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="session")
def kubectl(cluster: Any) -> Kubectl:
    return Kubectl(Path(cluster.kubeconfig))


@pytest.fixture(scope="session")
def crds(kubectl: Kubectl) -> None:
    kubectl("apply", "-k", str(CRDS))
    names = [f"crd/{d.resource.plural}.{d.resource.group}" for d in crds_module.DEFINITIONS]
    kubectl("wait", "--for=condition=Established", "--timeout=60s", *names)


@dataclass
class Operator:
    """The operator in a thread of this process; its failures fail the session."""

    settings: Settings
    stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)
    errors: list[BaseException] = field(default_factory=list)

    def run(self) -> None:
        try:
            asyncio.run(running.run(self.settings, stop_flag=self.stop, ready_flag=self.ready))
        except BaseException as error:
            self.errors.append(error)

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.metrics_port}/metrics"


@contextlib.contextmanager
def operator_thread(settings: Settings, name: str) -> Iterator[Operator]:
    """The operator in a thread named `name` until the block ends; its failures fail the block."""
    running = Operator(settings)
    thread = threading.Thread(target=running.run, name=name, daemon=True)
    thread.start()
    try:
        assert running.ready.wait(START_TIMEOUT), f"the operator did not start: {running.errors}"
        yield running
        assert thread.is_alive() and not running.errors, f"the operator died: {running.errors}"
    finally:
        running.stop.set()
        thread.join(30)


@pytest.fixture(scope="session")
def operator(cluster: Any, crds: None) -> Iterator[Operator]:
    previous = os.environ.get("KUBECONFIG")
    os.environ["KUBECONFIG"] = str(cluster.kubeconfig)
    settings = Settings(**{**SETTINGS.__dict__, "metrics_port": free_port(), "metrics_address": "127.0.0.1"})
    try:
        with operator_thread(settings, "operator") as running:
            yield running
    finally:
        if previous is None:
            os.environ.pop("KUBECONFIG", None)
        else:
            os.environ["KUBECONFIG"] = previous


@pytest.fixture
def namespace(kubectl: Kubectl, crds: None) -> str:
    name = f"t-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    return name


def installed(name: str) -> str:
    """`name`, or a skip naming the driver the test needs (in CI a skip fails the run)."""
    if name not in engines():
        pytest.skip(f"no {name} driver is installed (schemahero.drivers.{name})")
    return name


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> str:
    return installed(request.param)


@pytest.fixture
def database(servers: Servers, engine: str) -> TestDatabase:
    return servers.database(engine)
