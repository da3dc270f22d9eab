"""The operator's pod and rights, as every rendering has them: non-root, read-only, least privilege."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from schemahero.operator import plugin_settings, sidecar_pods
from tests.manifests.rendering import BASE, DEV, deployment, helm_template, install_yaml, kustomize

SOCKETS = "/var/run/schemahero/drivers"
TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount"
READ = {"get", "list", "watch"}
OWN_KINDS = {"databases", "tables", "views", "functions", "databaseextensions", "datatypes", "migrations"}

Objects = list[dict[str, Any]]


RENDERINGS: dict[str, Callable[[pytest.FixtureRequest], Objects]] = {
    "kustomize base": lambda _: kustomize(BASE),
    "kustomize dev": lambda _: kustomize(DEV),
    "install": lambda _: install_yaml(),
    "helm": lambda request: helm_template(request.getfixturevalue("helm")),
    "helm watching namespaces": lambda request: helm_template(
        request.getfixturevalue("helm"), "--set", "watchNamespaces={a,b}"
    ),
    "helm without plugins": lambda request: helm_template(
        request.getfixturevalue("helm"), "--set", "plugins.enabled=false"
    ),
}
"""Every way the operator is deployed; the helm ones skip (naming the build) without helm."""


@pytest.fixture(params=list(RENDERINGS))
def objects(request: pytest.FixtureRequest) -> Objects:
    return RENDERINGS[request.param](request)


def test_the_pod_runs_as_nobody_with_the_runtime_default_seccomp_profile(objects: Objects) -> None:
    pod = deployment(objects)["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod.get("hostNetwork") is not True and pod.get("hostPID") is not True


def test_every_container_is_locked_down_and_bounded(objects: Objects) -> None:
    pod = deployment(objects)["spec"]["template"]["spec"]
    for container in pod["containers"]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"] == {"drop": ["ALL"]}
        assert context.get("privileged") is not True
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert "memory" in container["resources"]["limits"]


def test_only_the_operator_container_gets_a_kubernetes_token(objects: Objects) -> None:
    """Sidecars added later to the pod inherit no token: nothing is mounted automatically."""
    pod = deployment(objects)["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    (service_account,) = [o for o in objects if o["kind"] == "ServiceAccount"]
    assert service_account["automountServiceAccountToken"] is False
    (operator,) = pod["containers"]
    assert {m["mountPath"]: m["name"] for m in operator["volumeMounts"]}[TOKEN] == "kube-api-access"
    volumes = {v["name"]: v for v in pod["volumes"]}
    sources = volumes["kube-api-access"]["projected"]["sources"]
    assert sources[0]["serviceAccountToken"]["path"] == "token"


def test_the_driver_sockets_folder_is_the_operators_shared_empty_dir(objects: Objects) -> None:
    """Declared as the operator's sidecar patch declares it, so that the patch changes nothing."""
    pod = deployment(objects)["spec"]["template"]["spec"]
    (operator,) = pod["containers"]
    mounts = {m["mountPath"]: m["name"] for m in operator["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert mounts[SOCKETS] == sidecar_pods.SOCKETS_VOLUME
    assert SOCKETS == plugin_settings.SOCKETS
    assert volumes[sidecar_pods.SOCKETS_VOLUME] == {
        "name": sidecar_pods.SOCKETS_VOLUME,
        "emptyDir": {"sizeLimit": "1Mi"},
    }
    assert "emptyDir" in volumes[mounts["/tmp"]]


def test_one_operator_at_a_time(objects: Objects) -> None:
    """No kopf peering: a rolling update would run two operators side by side."""
    spec = deployment(objects)["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {"type": "Recreate"}


def test_rights_are_the_least_the_operator_needs(objects: Objects) -> None:
    name = deployment(objects)["metadata"]["name"]
    for role in (o for o in objects if o["kind"] in {"ClusterRole", "Role"}):
        for rule in role["rules"]:
            assert "*" not in rule["verbs"] and "*" not in rule["resources"], role["metadata"]["name"]
            assert "*" not in rule["apiGroups"]
            resources, verbs = set(rule["resources"]), set(rule["verbs"])
            if resources & {"secrets"}:
                assert verbs == {"get"}, "Secrets are read one by name, never listed"
            if "deployments" in resources:
                assert role["kind"] == "Role", "its own Deployment only, in its own namespace"
                assert rule["resourceNames"] == [name]
                assert verbs == {"get", "patch"}
            if "apiextensions.k8s.io" in rule["apiGroups"] or "namespaces" in resources:
                assert verbs <= READ
            writes = verbs - READ
            if writes:
                allowed = OWN_KINDS | {f"{k}/status" for k in OWN_KINDS} | {"events", "serviceaccounts/token"}
                assert resources <= allowed | {"deployments"}, rule
                if "events" in resources or "serviceaccounts/token" in resources:
                    assert writes == {"create"}


def test_no_rule_reaches_pods_exec_or_rbac_itself(objects: Objects) -> None:
    roles = [o for o in objects if o["kind"] in {"ClusterRole", "Role"}]
    reached = {resource for role in roles for rule in role["rules"] for resource in rule["resources"]}
    assert not reached & {"pods", "pods/exec", "roles", "clusterroles", "rolebindings", "clusterrolebindings"}


def test_the_namespace_enforces_the_restricted_pod_security_standard() -> None:
    (namespace,) = [o for o in kustomize(BASE) if o["kind"] == "Namespace"]
    labels = namespace["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["pod-security.kubernetes.io/warn"] == "restricted"
