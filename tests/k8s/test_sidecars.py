"""Driver sidecars on a real API server: the operator patches its own Deployment, and a test
plays the kubelet (none runs here) by starting the driver each sidecar names on its socket.

Each test runs its own operator, watching only its namespace (`sc-*`, which the session's
operator leaves alone), with its own Deployment there, and a real OCI registry holding the
images it pins.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero import __version__
from schemahero.operator.context import Context, Settings
from schemahero.operator.kube import Kube
from schemahero.operator.metrics import Metrics
from schemahero.operator.plugin_settings import PluginSettings, SidecarSettings
from schemahero.operator.reconcile import sidecars as sidecar_reconciler
from schemahero.plugins import signatures
from schemahero.plugins.artifacts import Descriptor
from schemahero.plugins.pool import DriverPool
from tests.conftest import Servers
from tests.driver_scripts import INCOMPATIBLE_DRIVER
from tests.k8s.conftest import SETTINGS, Operator, operator_thread
from tests.k8s.flows import events, migration_of, phase_becomes
from tests.k8s.kubectl import Kubectl, condition, eventually
from tests.k8s.manifests import USERS, table
from tests.k8s.manifests import database as database_manifest
from tests.servers.base import TestDatabase

GRACE = 3.0
"""Seconds a sidecar no Database needs stays: short, so that removal is seen in a test."""
DEPLOYMENT = "schemahero"
OWN_PULL_SECRET = "operator-pull"
PREFIX = "driver-"


# --- The registry: tiny images pushed with the distribution API -------------------------------


class Registry:
    def __init__(self, host: str) -> None:
        self.host = host

    def push(self, repository: str, tag: str, marker: str) -> str:
        """An image whose config holds `marker` (so each marker has its own digest); its digest."""
        config = json.dumps({"marker": marker, "nonce": uuid.uuid4().hex}).encode()
        layer = marker.encode()
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": self._blob(repository, config, "application/vnd.oci.image.config.v1+json"),
                "layers": [self._blob(repository, layer, "application/vnd.oci.image.layer.v1.tar")],
            }
        ).encode()
        return self._manifest(repository, tag, manifest)

    def sign(self, repository: str, digest: str, key: ec.EllipticCurvePrivateKey) -> None:
        """Store a signature of `digest` by `key` as `cosign sign --key` does (signatures.py's format)."""
        signature = signatures.sign(signatures.payload_for(f"{self.host}/{repository}", digest), key)
        layer = signatures.layer_for(signature)
        config = signatures.config_for([layer])
        config_blob = self._blob(repository, config, signatures.CONFIG_MEDIA_TYPE)
        assert self._blob(repository, signature.payload, layer.media_type)["digest"] == layer.digest
        manifest = signatures.manifest_for(Descriptor.decode(config_blob, "config"), [layer])
        self._manifest(repository, signatures.tag_for(digest), manifest)

    def _manifest(self, repository: str, tag: str, manifest: bytes) -> str:
        request = urllib.request.Request(
            f"http://{self.host}/v2/{repository}/manifests/{tag}",
            data=manifest,
            method="PUT",
            headers={"Content-Type": "application/vnd.oci.image.manifest.v1+json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 201
        return _digest(manifest)

    def ref(self, repository: str, tag: str) -> str:
        return f"{self.host}/{repository}:{tag}"

    def _blob(self, repository: str, content: bytes, media_type: str) -> dict[str, Any]:
        digest = _digest(content)
        start = urllib.request.Request(f"http://{self.host}/v2/{repository}/blobs/uploads/", method="POST")
        with urllib.request.urlopen(start, timeout=10) as answer:
            location = answer.headers["Location"]
        if location.startswith("/"):
            location = f"http://{self.host}{location}"
        separator = "&" if "?" in location else "?"
        upload = urllib.request.Request(
            f"{location}{separator}digest={digest}",
            data=content,
            method="PUT",
            headers={"Content-Type": "application/octet-stream"},
        )
        with urllib.request.urlopen(upload, timeout=10) as answer:
            assert answer.status == 201
        return {"mediaType": media_type, "digest": digest, "size": len(content)}


def _digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


# --- The kubelet: runs what the pod template names ---------------------------------------------


class Kubelet:
    """Starts the driver of each sidecar in the Deployment's pod template, stops those it lost."""

    def __init__(self, kubectl: Kubectl, namespace: str, scratch: Path) -> None:
        self.kubectl = kubectl
        self.namespace = namespace
        self.incompatible = scratch / "incompatible_driver.py"
        self.incompatible.write_text(INCOMPATIBLE_DRIVER)
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def sync(self) -> None:
        sidecars = {c["name"]: c for c in sidecars_of(self.deployment())}
        for name in [n for n in self.running if n not in sidecars]:
            _stop(self.running.pop(name))
        for name, container in sidecars.items():
            if name not in self.running:
                self.running[name] = self._start(container)
        for container in sidecars.values():
            command = container["startupProbe"]["exec"]["command"]
            eventually(lambda c=command: _probe(c), f"startup probe {' '.join(command)}", timeout=20)

    def stop(self) -> None:
        for process in self.running.values():
            _stop(process)
        self.running.clear()

    def deployment(self) -> dict[str, Any]:
        found = self.kubectl.get("deployment", DEPLOYMENT, self.namespace)
        assert found is not None
        return found

    def _start(self, container: dict[str, Any]) -> subprocess.Popen[bytes]:
        engine = container["name"][len(PREFIX) : -11]
        if "incompatible" in container["image"]:
            program = [sys.executable, str(self.incompatible)]
        else:
            program = [sys.executable, "-m", f"schemahero.drivers.{engine}"]
        return subprocess.Popen([*program, *container["args"]], stdin=subprocess.DEVNULL)


def _probe(command: list[str]) -> bool:
    assert command[0] == "python"
    done = subprocess.run([sys.executable, *command[1:]], capture_output=True, timeout=30, check=False)
    return done.returncode == 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def sidecars_of(deployment: dict[str, Any]) -> list[dict[str, Any]]:
    spec = deployment["spec"]["template"]["spec"]
    return [c for c in spec.get("initContainers") or [] if c["name"].startswith(PREFIX)]


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry(servers: Servers) -> Registry:
    found = servers.server("registry")
    if isinstance(found, str):
        pytest.skip(found)
    return Registry(found.host)


@pytest.fixture
def home(kubectl: Kubectl, crds: None) -> str:
    """A namespace holding the operator's Deployment and the Databases it serves."""
    name = f"sc-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    kubectl.apply(_deployment(), namespace=name)
    return name


@pytest.fixture
def sockets() -> Iterator[Path]:
    """A short path: a unix socket's path has at most 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="shs-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def kubelet(kubectl: Kubectl, home: str, tmp_path: Path) -> Iterator[Kubelet]:
    playing = Kubelet(kubectl, home, tmp_path)
    yield playing
    playing.stop()


@pytest.fixture
def plugins(registry: Registry, home: str, sockets: Path) -> PluginSettings:
    sidecars = SidecarSettings(DEPLOYMENT, home, socket_dir=str(sockets), grace_period=GRACE)
    return PluginSettings(
        registry=f"{registry.host}/schemahero", plain_http=frozenset({registry.host}), sidecars=sidecars
    )


@contextlib.contextmanager
def operator_of(namespace: str, plugins: PluginSettings, kubeconfig: Path) -> Iterator[Operator]:
    """The operator with these plugin settings, watching `namespace` only, until the block ends."""
    settings = Settings(**{**SETTINGS.__dict__, "namespaces": (namespace,), "plugins": plugins})
    with kubeconfig_of(kubeconfig), operator_thread(settings, f"operator-{namespace}") as running:
        yield running


@contextlib.contextmanager
def kubeconfig_of(path: Path) -> Iterator[None]:
    """$KUBECONFIG names `path` in the block (the operator reads it when it connects)."""
    previous = os.environ.get("KUBECONFIG")
    os.environ["KUBECONFIG"] = str(path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("KUBECONFIG", None)
        else:
            os.environ["KUBECONFIG"] = previous


@pytest.fixture
def operator(kubectl: Kubectl, home: str, plugins: PluginSettings) -> Iterator[Operator]:
    with operator_of(home, plugins, kubectl.kubeconfig) as running:
        yield running


def _deployment() -> dict[str, Any]:
    labels = {"app": DEPLOYMENT}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": DEPLOYMENT},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "securityContext": {"runAsNonRoot": True, "runAsUser": 65532},
                    "imagePullSecrets": [{"name": OWN_PULL_SECRET}],
                    "containers": [{"name": "manager", "image": "ghcr.io/schemahero/schemahero:test"}],
                },
            },
        },
    }


# --- Steps -------------------------------------------------------------------------------------


def default_image(registry: Registry, engine: str = "sqlite") -> str:
    """Push the engine's default image (this version's tag); its digest."""
    return registry.push(f"schemahero/schemahero-driver-{engine}", __version__, f"default {engine}")


def sqlite_database(servers: Servers, name: str, **spec: Any) -> tuple[dict[str, Any], TestDatabase]:
    db = servers.database("sqlite")
    return database_manifest(name, "sqlite", db.uri, immediateDeploy=True, **spec), db


def with_plugin(manifest: dict[str, Any], **plugin: str) -> dict[str, Any]:
    manifest["spec"]["connection"]["plugin"] = plugin
    return manifest


def driver_ready(
    kubectl: Kubectl, name: str, namespace: str, *, reason: str = "DriverLoaded"
) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        found = kubectl.get("database", name, namespace)
        return found if condition(found, "DriverReady").get("reason") == reason else None

    return eventually(probe, f"Database {name} with DriverReady reason {reason}")


def sidecars_become(kubectl: Kubectl, namespace: str, count: int) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        found = kubectl.get("deployment", DEPLOYMENT, namespace)
        return found if found and len(sidecars_of(found)) == count else None

    return eventually(probe, f"{count} driver sidecars in the Deployment")


def tables_in(db: TestDatabase) -> set[str]:
    with contextlib.closing(sqlite3.connect(db.uri)) as connection:
        return {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}


def applied(kubectl: Kubectl, namespace: str, database: str, db: TestDatabase, name: str) -> None:
    """A Table of `database` planned and applied (immediateDeploy) through its driver."""
    users = table(name, database, "sqlite", USERS)
    kubectl.apply(users, namespace=namespace)
    migration = migration_of(kubectl, users, namespace)
    phase_becomes(kubectl, migration["metadata"]["name"], namespace, "EXECUTED")
    assert name in tables_in(db)


def settled(kubectl: Kubectl, namespace: str, seconds: float = 2 * GRACE) -> dict[str, Any]:
    """The Deployment after the operator had time to act again (several of its looks)."""
    time.sleep(seconds)
    found = kubectl.get("deployment", DEPLOYMENT, namespace)
    assert found is not None
    return found


# --- Tests -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("operator")
def test_a_database_gets_its_sidecar_once_and_migrates_through_it(
    kubectl: Kubectl, home: str, kubelet: Kubelet, registry: Registry, servers: Servers, *, sockets: Path
) -> None:
    digest = default_image(registry)
    before = kubelet.deployment()
    shop, db = sqlite_database(servers, "shop")
    kubectl.apply(shop, namespace=home)

    deployment = sidecars_become(kubectl, home, 1)
    (sidecar,) = sidecars_of(deployment)
    image = f"{registry.host}/schemahero/schemahero-driver-sqlite@{digest}"
    assert sidecar["image"] == image
    assert sidecar["name"] == f"driver-sqlite-{hashlib.sha256(image.encode()).hexdigest()[:10]}"
    assert_hardened(sidecar, sockets)
    pod = deployment["spec"]["template"]
    assert pod["metadata"]["annotations"]["schemahero.io/drivers-hash"]
    assert [s["name"] for s in pod["spec"]["imagePullSecrets"]] == [OWN_PULL_SECRET]
    (manager,) = pod["spec"]["containers"]
    assert {"name": "schemahero-driver-sockets", "mountPath": str(sockets)} in manager["volumeMounts"]
    waiting = driver_ready(kubectl, "shop", home, reason="DriverUnavailable")
    assert "no socket" in condition(waiting, "DriverReady")["message"]
    assert_no_token_in_drivers(kubectl, home, pod)

    kubelet.sync()
    ready = driver_ready(kubectl, "shop", home)["status"]["driver"]
    assert ready["source"] == "sidecar" and ready["image"] == image and ready["digest"] == digest
    assert ready["name"] and ready["version"]
    applied(kubectl, home, "shop", db, "users")

    other, _ = sqlite_database(servers, "other")
    kubectl.apply(other, namespace=home)
    driver_ready(kubectl, "other", home)
    again = settled(kubectl, home, 2.0)
    assert again["spec"]["template"] == deployment["spec"]["template"], "no second change of the pods"

    kubectl("delete", "database", "shop", "other", "-n", home)
    still = kubectl.get("deployment", DEPLOYMENT, home)
    assert still is not None and len(sidecars_of(still)) == 1, "kept for the grace period"
    gone = sidecars_become(kubectl, home, 0)
    assert gone["spec"]["template"] == before["spec"]["template"], "the pods are as they were"


def assert_hardened(sidecar: dict[str, Any], sockets: Path) -> None:
    assert sidecar["restartPolicy"] == "Always", "a native sidecar"
    assert sidecar["args"] == ["--listen", f"unix://{sockets}/{sidecar['name'][len(PREFIX) :]}.sock"]
    security = sidecar["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] == 65532
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}
    assert sidecar["resources"]["requests"] and sidecar["resources"]["limits"]
    for probe in ("startupProbe", "livenessProbe"):
        command = sidecar[probe]["exec"]["command"]
        assert (
            command[:3] == ["python", "-m", "schemahero.plugins.probe"] and command[3] == sidecar["args"][1]
        )
    mounts = {m["mountPath"]: m for m in sidecar["volumeMounts"]}
    assert mounts["/var/run/secrets/kubernetes.io/serviceaccount"]["readOnly"] is True
    assert str(sockets) in mounts


def assert_no_token_in_drivers(kubectl: Kubectl, namespace: str, template: dict[str, Any]) -> None:
    """A pod made from the template: the API server's admission mounts the token in the operator's
    container and not in a driver's (no kubelet runs it; admission is what decides)."""
    eventually(lambda: kubectl.get("serviceaccount", "default", namespace), "the default service account")
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "admitted"}, "spec": template["spec"]}
    kubectl.apply(pod, namespace=namespace)
    admitted = kubectl.get("pod", "admitted", namespace)
    assert admitted is not None
    token = "/var/run/secrets/kubernetes.io/serviceaccount"
    (manager,) = admitted["spec"]["containers"]
    assert any(
        m["mountPath"] == token and m["name"].startswith("kube-api-access") for m in manager["volumeMounts"]
    )
    for driver in admitted["spec"]["initContainers"]:
        mounted = [m["name"] for m in driver["volumeMounts"] if m["mountPath"] == token]
        assert mounted == ["schemahero-no-token"]
    kubectl("delete", "pod", "admitted", "-n", namespace, "--wait=false")


@pytest.mark.usefixtures("operator")
def test_two_images_of_one_engine_and_an_upgrade_that_swaps_the_sidecar(
    kubectl: Kubectl, home: str, kubelet: Kubelet, registry: Registry, servers: Servers
) -> None:
    default_image(registry)
    first = registry.push("drivers/sqlite", "1", "one")
    second = registry.push("drivers/sqlite", "2", "two")
    registry.push("drivers/incompatible-sqlite", "3", "three")
    shop, db = sqlite_database(servers, "shop")
    plain, _ = sqlite_database(servers, "plain")
    kubectl.apply(with_plugin(shop, ociRef=registry.ref("drivers/sqlite", "1")), plain, namespace=home)
    sidecars_become(kubectl, home, 2)
    kubelet.sync()
    served = driver_ready(kubectl, "shop", home)["status"]["driver"]
    assert served["digest"] == first
    assert driver_ready(kubectl, "plain", home)["status"]["driver"]["image"] != served["image"]

    kubectl.apply(with_plugin(shop, ociRef=registry.ref("drivers/sqlite", "2")), namespace=home)
    sidecars_become(kubectl, home, 3)
    waiting = driver_ready(kubectl, "shop", home, reason="DriverUnavailable")
    assert waiting["status"]["driver"]["digest"] == first, "the old sidecar serves until the new one is ready"
    assert "meanwhile" in condition(waiting, "DriverReady")["message"]
    kubelet.sync()
    assert eventually(
        lambda: driver_ready(kubectl, "shop", home)["status"]["driver"]["digest"] == second, "the new sidecar"
    )
    swapped = sidecars_become(kubectl, home, 2)
    assert first not in json.dumps(sidecars_of(swapped)), "the old sidecar is gone after its grace period"
    kubelet.sync()

    kubectl.apply(with_plugin(shop, ociRef=registry.ref("drivers/incompatible-sqlite", "3")), namespace=home)
    sidecars_become(kubectl, home, 3)
    kubelet.sync()
    refused = driver_ready(kubectl, "shop", home, reason="DriverIncompatible")
    assert "v9" in condition(refused, "DriverReady")["message"]
    assert refused["status"]["driver"]["digest"] == second
    applied(kubectl, home, "shop", db, "orders")
    kept = settled(kubectl, home)
    assert second in json.dumps(sidecars_of(kept)), "a sidecar that serves a Database stays"


def test_tags_are_pinned_across_restarts_and_pull_secrets_passed_on(
    kubectl: Kubectl, home: str, registry: Registry, servers: Servers, plugins: PluginSettings
) -> None:
    pinned = registry.push("drivers/sqlite", "moving", "before")
    auth = {"auths": {registry.host: {"username": "robot", "password": "s3cret"}}}
    kubectl(
        "create",
        "secret",
        "generic",
        "regcred",
        "-n",
        home,
        "--type=kubernetes.io/dockerconfigjson",
        f"--from-literal=.dockerconfigjson={json.dumps(auth)}",
    )
    shop, _ = sqlite_database(servers, "shop")
    ref = registry.ref("drivers/sqlite", "moving")
    with operator_of(home, plugins, kubectl.kubeconfig):
        kubectl.apply(with_plugin(shop, ociRef=ref, pullSecret="regcred"), namespace=home)
        deployment = sidecars_become(kubectl, home, 1)
    (sidecar,) = sidecars_of(deployment)
    assert sidecar["image"] == f"{registry.host}/drivers/sqlite@{pinned}"
    secrets = [s["name"] for s in deployment["spec"]["template"]["spec"]["imagePullSecrets"]]
    assert secrets == [OWN_PULL_SECRET, "regcred"]

    moved = registry.push("drivers/sqlite", "moving", "after")
    assert moved != pinned
    with operator_of(home, plugins, kubectl.kubeconfig):  # restarted, as its pod is by each rollout
        kubectl("annotate", "database", "shop", "-n", home, "touched=1")
        later = settled(kubectl, home, 2.0)
        assert later["spec"]["template"] == deployment["spec"]["template"], "a moved tag changes nothing"

        broken, _ = sqlite_database(servers, "broken")
        kubectl.apply(with_plugin(broken, ociRef=f"{ref}@{pinned}"), namespace=home)
        refused = driver_ready(kubectl, "broken", home, reason="DriverIncompatible")
        message = condition(refused, "DriverReady")["message"]
        assert "digest mismatch" in message and moved in message and pinned in message
        after = settled(kubectl, home, 1.0)
        assert after["spec"]["template"] == deployment["spec"]["template"], "no sidecar for a refused image"


def test_with_plugins_off_nothing_is_patched_and_in_tree_drivers_serve(
    kubectl: Kubectl, home: str, registry: Registry, servers: Servers, plugins: PluginSettings
) -> None:
    off = PluginSettings(enabled=False, registry=plugins.registry, plain_http=plugins.plain_http)
    before = kubectl.get("deployment", DEPLOYMENT, home)
    assert before is not None
    with operator_of(home, off, kubectl.kubeconfig):
        shop, db = sqlite_database(servers, "shop")
        kubectl.apply(with_plugin(shop, ociRef=registry.ref("drivers/sqlite", "none")), namespace=home)
        driver = driver_ready(kubectl, "shop", home)["status"]["driver"]
        assert driver["source"] == "in-tree" and "image" not in driver
        applied(kubectl, home, "shop", db, "users")
        after = settled(kubectl, home, 1.0)
    assert after["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"], "never patched"


def test_a_cluster_mixing_sidecar_and_in_tree_databases_serves_both(
    kubectl: Kubectl,
    home: str,
    kubelet: Kubelet,
    registry: Registry,
    servers: Servers,
    *,
    plugins: PluginSettings,
) -> None:
    registry.push("drivers/sqlite", "1", "one")
    fallback = PluginSettings(**{**plugins.__dict__, "in_tree_fallback": True})
    with operator_of(home, fallback, kubectl.kubeconfig):
        sidecar, sidecar_db = sqlite_database(servers, "sidecar")
        local, local_db = sqlite_database(servers, "local")
        kubectl.apply(
            with_plugin(sidecar, ociRef=registry.ref("drivers/sqlite", "1")),
            with_plugin(local, ociRef=registry.ref("drivers/sqlite", "never-pushed")),
            namespace=home,
        )
        sidecars_become(kubectl, home, 1)
        kubelet.sync()
        assert driver_ready(kubectl, "sidecar", home)["status"]["driver"]["source"] == "sidecar"
        fell_back = driver_ready(kubectl, "local", home, reason="DriverFallback")
        driver = fell_back["status"]["driver"]
        assert driver["source"] == "in-tree" and "no such image" in driver["fallback"]
        applied(kubectl, home, "sidecar", sidecar_db, "users")
        applied(kubectl, home, "local", local_db, "orders")


def test_with_a_public_key_only_images_signed_by_it_get_sidecars(
    kubectl: Kubectl,
    home: str,
    kubelet: Kubelet,
    registry: Registry,
    servers: Servers,
    *,
    plugins: PluginSettings,
) -> None:
    trusted = ec.generate_private_key(ec.SECP256R1())
    other = ec.generate_private_key(ec.SECP256R1())
    registry.push("drivers/sqlite", "unsigned", "unsigned")
    forged = registry.push("drivers/sqlite", "forged", "forged")
    registry.sign("drivers/sqlite", forged, other)
    signed = registry.push("drivers/sqlite", "signed", "signed")
    registry.sign("drivers/sqlite", signed, trusted)
    key = signatures.pem_of(trusted.public_key())
    guarded = PluginSettings(**{**plugins.__dict__, "public_key": key, "in_tree_fallback": True})
    with operator_of(home, guarded, kubectl.kubeconfig):
        manifests = []
        for name in ("unsigned", "forged", "signed"):
            manifest, _ = sqlite_database(servers, name)
            manifests.append(with_plugin(manifest, ociRef=registry.ref("drivers/sqlite", name)))
        kubectl.apply(*manifests, namespace=home)
        (sidecar,) = sidecars_of(sidecars_become(kubectl, home, 1))
        assert sidecar["image"] == f"{registry.host}/drivers/sqlite@{signed}"
        kubelet.sync()
        assert driver_ready(kubectl, "signed", home)["status"]["driver"]["digest"] == signed

        unsigned = driver_ready(kubectl, "unsigned", home, reason="DriverUntrusted")
        message = condition(unsigned, "DriverReady")["message"]
        assert "has no signature valid for the configured key" in message
        assert signatures.fingerprint(trusted.public_key()) in message
        assert not unsigned["status"].get("driver"), "the in-tree fallback does not stand in"
        refused = driver_ready(kubectl, "forged", home, reason="DriverUntrusted")
        assert "does not verify with this key" in condition(refused, "DriverReady")["message"]
        assert not refused["status"].get("driver")
        warned = eventually(
            lambda: (
                {
                    e["involvedObject"]["name"]
                    for e in events(kubectl, home)
                    if e["reason"] == "DriverUntrusted"
                }
                >= {"unsigned", "forged"}
                or None
            ),
            "DriverUntrusted Events",
        )
        assert warned
        kept = settled(kubectl, home, 2.0)
        assert len(sidecars_of(kept)) == 1, "no sidecar for an untrusted image"


SIDECAR_RULES: list[dict[str, Any]] = [
    {
        "apiGroups": ["apps"],
        "resources": ["deployments"],
        "resourceNames": [DEPLOYMENT],
        "verbs": ["get", "patch"],
    },
    {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]},
    {"apiGroups": ["databases.schemahero.io"], "resources": ["databases"], "verbs": ["list"]},
]
"""What the sidecar reconciler needs in the operator's namespace (the rules reported for manifests/)."""


def test_the_operator_may_patch_its_own_deployment_and_no_other(
    kubectl: Kubectl,
    home: str,
    cluster: Any,
    registry: Registry,
    servers: Servers,
    *,
    plugins: PluginSettings,
    tmp_path: Path,
) -> None:
    default_image(registry)
    bystander = _deployment()
    bystander["metadata"]["name"] = "bystander"
    account = f"system:serviceaccount:{home}:schemahero"
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": "schemahero-sidecars"},
        "rules": SIDECAR_RULES,
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "schemahero-sidecars"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "schemahero-sidecars"},
        "subjects": [{"kind": "ServiceAccount", "name": "schemahero", "namespace": home}],
    }
    kubectl("create", "serviceaccount", "schemahero", "-n", home)
    kubectl.apply(bystander, role, binding, sqlite_database(servers, "shop")[0], namespace=home)
    token = kubectl("create", "token", "schemahero", "-n", home).stdout.strip()
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(_kubeconfig(cluster.server, str(cluster.ca_file), token))
    with kubeconfig_of(kubeconfig):
        asyncio.run(_reconcile_once(Settings(namespaces=(home,), plugins=plugins)))
    assert len(sidecars_of(kubectl.get("deployment", DEPLOYMENT, home) or {})) == 1
    for verb, target, allowed in [
        ("patch", f"deployment/{DEPLOYMENT}", "yes"),
        ("patch", "deployment/bystander", "no"),
        ("update", f"deployment/{DEPLOYMENT}", "no"),
        ("list", "deployments", "no"),
    ]:
        done = kubectl("auth", "can-i", verb, target, "-n", home, f"--as={account}", check=False)
        assert done.stdout.strip() == allowed, f"{verb} {target}"


async def _reconcile_once(settings: Settings) -> None:
    kube = await Kube.connect()
    try:
        ctx = Context(settings, kube, DriverPool(), Metrics())
        assert settings.plugins.sidecars is not None
        await sidecar_reconciler.reconcile(ctx, settings.plugins.sidecars)
    finally:
        await kube.close()


def _kubeconfig(server: str, ca_file: str, token: str) -> str:
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "test", "cluster": {"server": server, "certificate-authority": ca_file}}],
            "users": [{"name": "operator", "user": {"token": token}}],
            "contexts": [{"name": "test", "context": {"cluster": "test", "user": "operator"}}],
            "current-context": "test",
        }
    )
