"""The operator's Kubernetes client without a server: how it logs in, and that the operator needs
no Kubernetes client library (the CLI's cluster commands do; the operator's image lacks it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemahero.operator.kube import Unreachable, login

WITHOUT_CLIENT_LIBRARY = """\
import pkgutil, sys
sys.modules["kubernetes_asyncio"] = None  # as if not installed: importing it fails
import schemahero.operator
for module in pkgutil.walk_packages(schemahero.operator.__path__, "schemahero.operator."):
    if not module.name.endswith(".__main__"):  # that one would run the operator
        __import__(module.name)
print("imported")
"""


def test_the_operator_imports_without_kubernetes_asyncio() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_CLIENT_LIBRARY], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "imported", done.stderr


def test_login_reads_the_kubeconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kubeconfig = tmp_path / "config"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        "contexts: [{name: c, context: {cluster: k, user: u}}]\n"
        "clusters: [{name: k, cluster: {server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true}}]\n"
        "users: [{name: u, user: {token: secret}}]\n"
    )
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    info = login()
    assert (info.server, info.insecure, info.as_http_headers()) == (
        "https://127.0.0.1:6443",
        True,
        {"Authorization": "Bearer secret"},
    )


@pytest.mark.parametrize(
    "content", [None, "apiVersion: v1\nkind: Config\n", "current-context: gone\ncontexts: []\n"]
)
def test_no_usable_kubeconfig_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    kubeconfig = tmp_path / "config"
    if content is not None:
        kubeconfig.write_text(content)
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    with pytest.raises(Unreachable, match="no Kubernetes credentials"):
        login()
