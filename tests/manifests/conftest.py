"""Fixtures of the manifest tests: helm (built from its Go module) and the real kube-apiserver."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Servers
from tests.k8s.kubectl import Kubectl
from tests.manifests.rendering import HELM_BUILD, built_helm


@pytest.fixture(scope="session")
def helm() -> Path:
    found = built_helm()
    if found is None:
        pytest.skip(f"helm is not built: run {HELM_BUILD}")
    return found


@pytest.fixture(scope="session")
def api_server(servers: Servers) -> Any:
    found = servers.server("kube")
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="session")
def cluster_kubectl(api_server: Any) -> Kubectl:
    return Kubectl(Path(api_server.kubeconfig))


@pytest.fixture
def fresh_name() -> Callable[[str], str]:
    """Names that no other test uses: namespaces and cluster-scoped objects of one test."""
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:8]}"
