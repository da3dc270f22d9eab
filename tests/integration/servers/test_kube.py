"""The control plane answers kubectl, and namespaces are created and finalised on deletion."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.servers.kube import KubeCluster

pytestmark = pytest.mark.k8s


def _kubectl(cluster: KubeCluster, *args: str) -> str:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl is not installed")
    done = subprocess.run(
        [kubectl, f"--kubeconfig={cluster.kubeconfig}", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_kubectl_lists_the_namespaces(kube_cluster: KubeCluster) -> None:
    names = _kubectl(kube_cluster, "get", "ns", "-o", "name").split()
    assert {"namespace/default", "namespace/kube-system"} <= set(names)


def test_a_deleted_namespace_goes_away(kube_cluster: KubeCluster) -> None:
    _kubectl(kube_cluster, "create", "namespace", "smoke")
    _kubectl(kube_cluster, "delete", "namespace", "smoke", "--wait", "--timeout=60s")
    assert "namespace/smoke" not in _kubectl(kube_cluster, "get", "ns", "-o", "name").split()
