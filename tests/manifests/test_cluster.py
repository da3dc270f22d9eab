"""The rendered manifests on a real kube-apiserver (tests/servers/kube.py): accepted as they are,
allowed by the restricted Pod Security Standard, and granting the operator what it needs only.

Pods never run there (no nodes): this is about what the API server accepts and authorizes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemahero.operator import sidecars
from schemahero.operator.plugin_settings import SidecarSettings
from tests.k8s.kubectl import Kubectl
from tests.manifests.rendering import BASE, DEV, EXAMPLES, helm_template, kustomize, run_cli

pytestmark = pytest.mark.k8s

Objects = list[dict[str, Any]]


def _namespace(kubectl: Kubectl, name: str) -> None:
    """A real namespace that enforces, and warns about, the restricted Pod Security Standard."""
    (template,) = [o for o in kustomize(BASE) if o["kind"] == "Namespace"]
    template["metadata"]["name"] = name
    kubectl("apply", "-f", "-", input=yaml.safe_dump(template))


def _dry_run(kubectl: Kubectl, objects: Objects) -> None:
    done = kubectl("apply", "--dry-run=server", "-f", "-", input=yaml.safe_dump_all(objects), check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("(server dry run)") == len(objects), done.stdout
    assert "Warning" not in done.stderr, done.stderr


@pytest.mark.parametrize("folder", [BASE, DEV], ids=["base", "overlays/dev"])
def test_the_kustomizations_are_accepted_as_they_are(cluster_kubectl: Kubectl, folder: Path) -> None:
    objects = kustomize(folder)
    _namespace(cluster_kubectl, "schemahero-system")
    _dry_run(cluster_kubectl, objects)


def test_the_chart_is_accepted_as_it_is(
    cluster_kubectl: Kubectl, helm: Path, fresh_name: Callable[[str], str]
) -> None:
    namespace = fresh_name("helm")
    _namespace(cluster_kubectl, namespace)
    _dry_run(cluster_kubectl, helm_template(helm, "--include-crds", namespace=namespace))


def test_the_chart_watching_namespaces_is_accepted(
    cluster_kubectl: Kubectl, helm: Path, fresh_name: Callable[[str], str]
) -> None:
    namespace, watched = fresh_name("helm"), fresh_name("team")
    for name in (namespace, watched):
        _namespace(cluster_kubectl, name)
    objects = helm_template(helm, "--set", f"watchNamespaces={{{watched}}}", namespace=namespace)
    _dry_run(cluster_kubectl, objects)


@pytest.fixture(scope="module")
def installed(cluster_kubectl: Kubectl, api_server: Any) -> Iterator[str]:
    """`kubectl schemahero install` for real, in a namespace of its own; yields the namespace."""
    namespace = "schemahero-install-test"
    code, _, err = run_cli("install", "--kubeconfig", str(api_server.kubeconfig), "-n", namespace)
    assert code == 0, err
    assert f"kubectl -n {namespace} rollout status deployment/schemahero-operator" in err
    cluster_kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
    yield namespace


def test_install_applies_every_object(cluster_kubectl: Kubectl, installed: str) -> None:
    found = cluster_kubectl(
        "get", "deployment,serviceaccount,service,role,rolebinding", "-n", installed, "-o", "name"
    )
    assert set(found.stdout.split()) - {"serviceaccount/default"} == {
        "deployment.apps/schemahero-operator",
        "serviceaccount/schemahero-operator",
        "service/schemahero-operator-metrics",
        "role.rbac.authorization.k8s.io/schemahero-operator-self",
        "rolebinding.rbac.authorization.k8s.io/schemahero-operator-self",
    }
    namespace = cluster_kubectl.get("namespace", installed, "")
    assert namespace is not None
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_the_operators_sidecar_patch_fits_the_deployment_and_survives_a_reinstall(
    cluster_kubectl: Kubectl, installed: str, api_server: Any
) -> None:
    """The operator's own patch (schemahero.operator.sidecars) on the installed Deployment is
    accepted (no clash with the base's sockets volume), and installing again keeps it."""
    found = cluster_kubectl.get("deployment", "schemahero-operator", installed)
    assert found is not None
    sidecar = sidecars.Sidecar("sqlite", f"ghcr.io/schemahero/schemahero-driver-sqlite@sha256:{'a' * 64}")
    settings = SidecarSettings(deployment="schemahero-operator", namespace=installed)
    planned = sidecars.converge(found, sidecars.Needs(wanted=frozenset({sidecar})), settings, time.time())
    assert planned.patch is not None and planned.rolls
    patched = cluster_kubectl(
        "patch",
        "deployment",
        "schemahero-operator",
        "-n",
        installed,
        "--type=merge",
        "-p",
        json.dumps(planned.patch),
        check=False,
    )
    assert patched.returncode == 0, patched.stderr
    assert "Warning" not in patched.stderr, patched.stderr
    after = cluster_kubectl.get("deployment", "schemahero-operator", installed)
    assert after is not None
    before_pod, after_pod = found["spec"]["template"]["spec"], after["spec"]["template"]["spec"]
    assert after_pod["containers"] == before_pod["containers"], "the patch leaves the operator container be"
    assert after_pod["volumes"][: len(before_pod["volumes"])] == before_pod["volumes"]
    code, _, err = run_cli("install", "--kubeconfig", str(api_server.kubeconfig), "-n", installed)
    assert code == 0, err
    deployment = cluster_kubectl.get("deployment", "schemahero-operator", installed)
    assert deployment is not None
    pod = deployment["spec"]["template"]["spec"]
    assert [c["name"] for c in pod["initContainers"]] == [sidecar.name]
    assert [c["name"] for c in pod["containers"]] == ["operator"]
    again = sidecars.converge(deployment, sidecars.Needs(wanted=frozenset({sidecar})), settings, time.time())
    assert not again.rolls, "after a reinstall the operator finds its sidecars as it left them"


CAN = [
    ("get", "secrets", "apps", ""),
    ("create", "migrations.schemas.schemahero.io", "apps", ""),
    ("delete", "migrations.schemas.schemahero.io", "apps", ""),
    ("watch", "tables.schemas.schemahero.io", "apps", ""),
    ("patch", "tables.schemas.schemahero.io", "apps", "status"),
    ("patch", "databases.databases.schemahero.io", "apps", "status"),
    ("create", "events", "apps", ""),
    ("create", "serviceaccounts", "apps", "token"),
    ("list", "customresourcedefinitions.apiextensions.k8s.io", "", ""),
    ("patch", "deployments.apps/schemahero-operator", "{installed}", ""),
]
CANNOT = [
    ("list", "secrets", "apps", ""),
    ("create", "tables.schemas.schemahero.io", "apps", ""),
    ("delete", "databases.databases.schemahero.io", "apps", ""),
    ("create", "pods", "apps", ""),
    ("get", "configmaps", "apps", ""),
    ("patch", "deployments.apps/web", "{installed}", ""),
    ("patch", "deployments.apps/schemahero-operator", "apps", ""),
    ("create", "deployments.apps", "{installed}", ""),
    ("create", "customresourcedefinitions.apiextensions.k8s.io", "", ""),
    ("create", "clusterrolebindings.rbac.authorization.k8s.io", "", ""),
]


def _can(kubectl: Kubectl, account: str, check: tuple[str, str, str, str]) -> bool:
    """`kubectl auth can-i` as the account: (verb, resource, namespace or "", subresource or "")."""
    verb, resource, namespace, sub = check
    args = ["auth", "can-i", verb, resource, f"--as={account}"]
    args += ["-n", namespace] if namespace else []
    args += [f"--subresource={sub}"] if sub else []
    done = kubectl(*args, check=False)
    assert done.stdout.strip() in {"yes", "no"}, done.stderr
    return done.stdout.strip() == "yes"


def _as_installed(check: tuple[str, str, str, str], installed: str) -> tuple[str, str, str, str]:
    verb, resource, namespace, sub = check
    return verb, resource, namespace.format(installed=installed), sub


@pytest.mark.parametrize("check", CAN, ids=[" ".join(filter(None, c)) for c in CAN])
def test_the_operator_may(cluster_kubectl: Kubectl, installed: str, check: tuple[str, str, str, str]) -> None:
    account = f"system:serviceaccount:{installed}:schemahero-operator"
    assert _can(cluster_kubectl, account, _as_installed(check, installed))


@pytest.mark.parametrize("check", CANNOT, ids=[" ".join(filter(None, c)) for c in CANNOT])
def test_the_operator_may_not(
    cluster_kubectl: Kubectl, installed: str, check: tuple[str, str, str, str]
) -> None:
    account = f"system:serviceaccount:{installed}:schemahero-operator"
    assert not _can(cluster_kubectl, account, _as_installed(check, installed))


def test_the_chart_watching_namespaces_grants_rights_there_only(
    cluster_kubectl: Kubectl, helm: Path, fresh_name: Callable[[str], str], installed: str
) -> None:
    namespace, watched, other = fresh_name("helm"), fresh_name("team"), fresh_name("other")
    for name in (namespace, watched, other):
        _namespace(cluster_kubectl, name)
    name = fresh_name("sh")
    objects = helm_template(
        helm, "--set", f"nameOverride={name}", "--set", f"watchNamespaces={{{watched}}}", namespace=namespace
    )
    cluster_kubectl("apply", "-f", "-", input=yaml.safe_dump_all(objects))
    account = f"system:serviceaccount:{namespace}:{name}"
    assert _can(cluster_kubectl, account, ("get", "secrets", watched, ""))
    assert _can(cluster_kubectl, account, ("create", "migrations.schemas.schemahero.io", watched, ""))
    assert not _can(cluster_kubectl, account, ("get", "secrets", other, ""))
    assert not _can(cluster_kubectl, account, ("watch", "tables.schemas.schemahero.io", other, ""))
    assert _can(cluster_kubectl, account, ("watch", "namespaces", "", ""))
    assert _can(cluster_kubectl, account, ("patch", f"deployments.apps/{name}", namespace, ""))


@pytest.mark.parametrize("engine", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_the_examples_are_accepted(
    cluster_kubectl: Kubectl, installed: str, engine: str, fresh_name: Callable[[str], str]
) -> None:
    namespace = fresh_name(engine)
    cluster_kubectl("create", "namespace", namespace)
    objects = [
        {**o, "metadata": {**o["metadata"], "namespace": namespace}} for o in kustomize(EXAMPLES / engine)
    ]
    _dry_run(cluster_kubectl, objects)
