"""Fixtures for the server smoke tests: each starts one server in a temp dir and stops it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeVar

import pytest

from tests.servers import cassandra, kube, registry, rqlite
from tests.servers.base import TestServer


class _Stoppable(Protocol):
    def stop(self) -> None: ...


S = TypeVar("S", bound=_Stoppable)


def _running(provided: S | str) -> Iterator[S]:
    """Yields the server, or skips naming it (tests/conftest.py fails the skip in CI)."""
    if isinstance(provided, str):
        pytest.skip(provided)
    try:
        yield provided
    finally:
        provided.stop()


@pytest.fixture(scope="module")
def rqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    yield from _running(rqlite.provide(tmp_path_factory.mktemp("rqlite")))


@pytest.fixture(scope="module")
def cassandra_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestServer]:
    yield from _running(cassandra.provide(tmp_path_factory.mktemp("cassandra")))


@pytest.fixture(scope="module")
def kube_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[kube.KubeCluster]:
    yield from _running(kube.provide(tmp_path_factory.mktemp("kube")))


@pytest.fixture(scope="module")
def oci_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[registry.RegistryServer]:
    yield from _running(registry.provide(tmp_path_factory.mktemp("registry")))
