"""A Kubernetes control plane for the operator tests: etcd, kube-apiserver, kube-controller-manager.

There are no nodes: nothing schedules or runs pods. The controller manager is there for what the
API alone does not do (namespace deletion, garbage collection, service account tokens). Clients
authenticate with a bearer token in group system:masters; TLS uses a CA made at start.
"""

from __future__ import annotations

import re
import secrets
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.servers.base import CACHE, answers_ok, free_port, log_tail, terminate

BUILD_SCRIPT = "tests/servers/build/kube.sh"
START_TIMEOUT = 120.0
SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local"


@dataclass
class KubeCluster:
    """A running control plane; `kubeconfig` names it for kubectl and client libraries."""

    kubeconfig: Path
    server: str
    token: str
    ca_file: Path
    stop: Callable[[], None]


def provide(tmp_root: Path) -> KubeCluster | str:
    home = _built_home()
    if home is None:
        return f"kube-apiserver and etcd are not built: run {BUILD_SCRIPT}"
    root = tmp_root / "kube"
    root.mkdir(parents=True, exist_ok=True)
    processes: list[subprocess.Popen[bytes]] = []

    def stop() -> None:
        for proc in reversed(processes):
            terminate(proc)

    try:
        return _start(home, root, processes, stop)
    except _StartFailed as failed:
        stop()
        return str(failed)


class _StartFailed(Exception):
    pass


def _start(
    home: Path,
    root: Path,
    processes: list[subprocess.Popen[bytes]],
    stop: Callable[[], None],
) -> KubeCluster:
    pki = _make_pki(root / "pki")
    etcd_url = _start_etcd(home, root, processes)
    token = secrets.token_hex(16)
    (root / "tokens.csv").write_text(f'{token},admin,admin,"system:masters"\n')
    port = free_port()
    server = f"https://127.0.0.1:{port}"
    processes.append(
        _spawn(
            root / "kube-apiserver.log",
            str(home / "kube-apiserver"),
            f"--etcd-servers={etcd_url}",
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            "--endpoint-reconciler-type=none",
            f"--secure-port={port}",
            f"--tls-cert-file={pki / 'server.crt'}",
            f"--tls-private-key-file={pki / 'server.key'}",
            f"--client-ca-file={pki / 'ca.crt'}",
            f"--token-auth-file={root / 'tokens.csv'}",
            "--authorization-mode=Node,RBAC",
            f"--service-account-issuer={SERVICE_ACCOUNT_ISSUER}",
            f"--service-account-key-file={pki / 'sa.key'}",
            f"--service-account-signing-key-file={pki / 'sa.key'}",
            "--service-cluster-ip-range=10.96.0.0/24",
            "--profiling=false",
        )
    )
    context = ssl.create_default_context(cafile=str(pki / "ca.crt"))
    _wait(processes[-1], root / "kube-apiserver.log", lambda: _ready(server, token, context))
    kubeconfig = root / "kubeconfig"
    kubeconfig.write_text(_kubeconfig(server, token, pki / "ca.crt"))
    manager = home / "kube-controller-manager"
    if manager.exists():
        processes.append(
            _spawn(
                root / "kube-controller-manager.log",
                str(manager),
                f"--kubeconfig={kubeconfig}",
                "--leader-elect=false",
                "--secure-port=0",
                f"--service-account-private-key-file={pki / 'sa.key'}",
                f"--root-ca-file={pki / 'ca.crt'}",
                "--use-service-account-credentials=false",
                "--controllers=namespace-controller,garbage-collector-controller,"
                "serviceaccount-controller,serviceaccount-token-controller,"
                "root-ca-certificate-publisher-controller",
            )
        )
    return KubeCluster(kubeconfig=kubeconfig, server=server, token=token, ca_file=pki / "ca.crt", stop=stop)


def _start_etcd(home: Path, root: Path, processes: list[subprocess.Popen[bytes]]) -> str:
    client, peer = f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"
    processes.append(
        _spawn(
            root / "etcd.log",
            str(home / "etcd"),
            "--name=test",
            f"--data-dir={root / 'etcd'}",
            f"--listen-client-urls={client}",
            f"--advertise-client-urls={client}",
            f"--listen-peer-urls={peer}",
            f"--initial-advertise-peer-urls={peer}",
            f"--initial-cluster=test={peer}",
            "--unsafe-no-fsync",
            "--log-level=warn",
        )
    )
    _wait(processes[-1], root / "etcd.log", lambda: _etcd_healthy(client))
    return client


def _built_home() -> Path | None:
    """The cache dir of the release pinned in the build module, if its build finished."""
    go_mod = (Path(__file__).parent / "build/kube/go.mod").read_text()
    pinned = re.search(r"^\s*k8s\.io/kubernetes (\S+)", go_mod, re.M)
    if pinned is None:
        return None
    home = CACHE / f"kube-{pinned[1]}"
    stamp = home / ".stamp"
    if not stamp.is_file() or stamp.read_text().split()[0] != pinned[1]:
        return None
    return home


def _make_pki(pki: Path) -> Path:
    """A CA, a serving certificate for 127.0.0.1 signed by it, and the service account key."""
    pki.mkdir(parents=True, exist_ok=True)
    (pki / "san.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\n"
        "extendedKeyUsage=serverAuth\n"
    )
    for command in (
        "genrsa -out ca.key 2048",
        "req -x509 -new -key ca.key -days 2 -subj /CN=schemahero-test-ca -out ca.crt",
        "genrsa -out server.key 2048",
        "req -new -key server.key -subj /CN=kube-apiserver -out server.csr",
        "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2"
        " -extfile san.cnf -out server.crt",
        "genrsa -out sa.key 2048",
    ):
        done = subprocess.run(["openssl", *command.split()], cwd=pki, capture_output=True, check=False)
        if done.returncode != 0:
            raise _StartFailed(f"openssl {command} failed: {done.stderr.decode()}")
    return pki


def _kubeconfig(server: str, token: str, ca_file: Path) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": "test", "cluster": {"server": server, "certificate-authority": str(ca_file)}}
            ],
            "users": [{"name": "admin", "user": {"token": token}}],
            "contexts": [{"name": "test", "context": {"cluster": "test", "user": "admin"}}],
            "current-context": "test",
        }
    )


def _spawn(log: Path, *command: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def _wait(proc: subprocess.Popen[bytes], log: Path, ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise _StartFailed(f"{log.stem} did not start: {log_tail(log)}")
        time.sleep(0.2)


def _etcd_healthy(client: str) -> bool:
    try:
        with urllib.request.urlopen(f"{client}/health", timeout=2) as response:
            return b'"health":"true"' in response.read()
    except urllib.error.HTTPError as refused:
        refused.close()
        return False
    except (urllib.error.URLError, OSError):
        return False


def _ready(server: str, token: str, context: ssl.SSLContext) -> bool:
    request = urllib.request.Request(f"{server}/readyz", headers={"Authorization": f"Bearer {token}"})
    return answers_ok(request, context)
