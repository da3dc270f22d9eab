"""kustomize, helm and `kubectl schemahero install` render the same objects from one source.

The base's files are the source: `install` reads them as package data and the chart's crds/
links to manifests/crds, so the CRDs are the same bytes; the chart's templates repeat the other
objects, and these tests hold them equal, field by field, except helm's own labels.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero.cli import install
from schemahero.operator.plugin_settings import from_env
from schemahero.plugins import signatures
from tests.manifests.rendering import (
    BASE,
    DEV,
    ROOT,
    by_key,
    deployment,
    env,
    helm_template,
    install_yaml,
    kustomize,
    operator_container,
    run_cli,
    without_helm_labels,
)

KINDS = {
    "CustomResourceDefinition": 7,
    "Namespace": 1,
    "ServiceAccount": 1,
    "ClusterRole": 1,
    "ClusterRoleBinding": 1,
    "Role": 1,
    "RoleBinding": 1,
    "Deployment": 1,
    "Service": 1,
}


def test_the_base_holds_the_operator_and_every_crd() -> None:
    objects = kustomize(BASE)
    counted = {kind: sum(o["kind"] == kind for o in objects) for kind in KINDS}
    assert counted == KINDS
    crds = {o["metadata"]["name"] for o in objects if o["kind"] == "CustomResourceDefinition"}
    generated = {
        f"{p.name.split('_')[1].removesuffix('.yaml')}.{p.name.split('_')[0]}"
        for p in (ROOT / "manifests/crds").glob("*_*.yaml")
    }
    assert crds == generated


def test_install_prints_exactly_what_kustomize_renders() -> None:
    assert by_key(install_yaml()) == by_key(kustomize(BASE))


def test_install_in_another_namespace_moves_objects_as_kustomize_does(tmp_path: Path) -> None:
    """A kustomization with `namespace: team-db` over the base is the reference."""
    (tmp_path / "kustomization.yaml").write_text(
        f"namespace: team-db\nresources:\n- {os.path.relpath(BASE, tmp_path)}\n"
    )
    assert by_key(install_yaml("--namespace", "team-db")) == by_key(kustomize(tmp_path))


def test_install_out_dir_writes_a_kustomization_of_the_same_objects(tmp_path: Path) -> None:
    code, out, err = run_cli("install", "--out-dir", str(tmp_path / "out"), "-n", "db-ops")
    assert code == 0, err
    written = sorted(Path(line).relative_to(tmp_path / "out").as_posix() for line in out.split())
    assert "kustomization.yaml" in written and "deployment.yaml" in written
    assert "crds/kustomization.yaml" in written
    assert by_key(kustomize(tmp_path / "out")) == by_key(install_yaml("-n", "db-ops"))


def test_install_refuses_a_namespace_that_kubernetes_would(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli("install", "--yaml", "--namespace", "Bad_Name")
    assert code == 2
    assert "not a namespace name" in err


def test_helm_renders_the_base_objects_field_by_field(helm: Path) -> None:
    """Everything but the Namespace (helm installs into a namespace that exists)."""
    from_helm = {k: without_helm_labels(o) for k, o in by_key(helm_template(helm, "--include-crds")).items()}
    base = by_key(kustomize(BASE))
    assert set(base) - set(from_helm) == {("Namespace", "", "schemahero-system")}
    assert set(from_helm) - set(base) == set()
    for found_key, obj in from_helm.items():
        assert obj == base[found_key], f"{found_key} differs between helm and kustomize"


def test_helm_labels_every_object_with_its_release(helm: Path) -> None:
    for obj in helm_template(helm):
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/instance"] == "schemahero"
        assert labels["app.kubernetes.io/managed-by"] == "Helm"


def test_helm_values_image_registry_plugins_and_resources(helm: Path) -> None:
    objects = helm_template(
        helm,
        "--set",
        "registry=registry.example.com/db",
        "--set",
        "plugins.enabled=false",
        "--set",
        "resources.limits.memory=1Gi",
        "--set",
        "extraArgs={--verbose}",
    )
    container = operator_container(objects)
    assert container["image"] == "registry.example.com/db/schemahero-operator:0.1.0-all"
    assert env(container)["SCHEMAHERO_ENABLE_PLUGINS"] == "false"
    assert env(container)["SCHEMAHERO_PLUGIN_REGISTRY"] == "registry.example.com/db"
    assert container["resources"]["limits"]["memory"] == "1Gi"
    assert container["args"][-1] == "--verbose"
    pinned = helm_template(helm, "--set", "image.tag=1.2.3", "--set", "plugins.enabled=false")
    assert operator_container(pinned)["image"].endswith(":1.2.3")


def test_helm_watch_namespaces_binds_rights_in_those_namespaces_only(helm: Path) -> None:
    objects = helm_template(helm, "--set", "watchNamespaces={team-a,team-b}")
    assert [a for a in operator_container(objects)["args"] if a.startswith("--")][:2] == [
        "--namespace=team-a",
        "--namespace=team-b",
    ]
    bindings = {
        (o["kind"], o["metadata"].get("namespace", ""), o["roleRef"]["name"])
        for o in objects
        if "roleRef" in o
    }
    assert bindings == {
        ("RoleBinding", "team-a", "schemahero-operator"),
        ("RoleBinding", "team-b", "schemahero-operator"),
        ("ClusterRoleBinding", "", "schemahero-operator-cluster"),
        ("RoleBinding", "schemahero-system", "schemahero-operator-self"),
    }
    (cluster_role,) = [
        o for o in objects if o["kind"] == "ClusterRole" and o["metadata"]["name"].endswith("-cluster")
    ]
    resources = {r for rule in cluster_role["rules"] for r in rule["resources"]}
    assert resources == {"customresourcedefinitions", "namespaces"}


def test_helm_public_key_is_a_config_map_mounted_for_the_operator(helm: Path, tmp_path: Path) -> None:
    key = signatures.pem_of(ec.generate_private_key(ec.SECP256R1()).public_key())
    (tmp_path / "cosign.pub").write_bytes(key)
    objects = helm_template(helm, "--set-file", f"plugins.publicKey={tmp_path / 'cosign.pub'}")
    (config_map,) = [o for o in objects if o["kind"] == "ConfigMap"]
    assert config_map["metadata"]["namespace"] == "schemahero-system"
    container = operator_container(objects)
    path = Path(env(container)[signatures.PUBLIC_KEY_ENV])
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == str(path.parent)]
    volumes = deployment(objects)["spec"]["template"]["spec"]["volumes"]
    (volume,) = [v for v in volumes if v["name"] == mount["name"]]
    assert volume["configMap"]["name"] == config_map["metadata"]["name"]
    assert volumes[-1]["name"] == "schemahero-driver-sockets", "the sidecar patch expects it last"
    text = config_map["data"][path.name]
    assert from_env({signatures.PUBLIC_KEY_ENV: text}).public_key == key
    plain = helm_template(helm)
    assert not [o for o in plain if o["kind"] == "ConfigMap"]
    assert signatures.PUBLIC_KEY_ENV not in env(operator_container(plain))


def test_helm_refuses_values_outside_its_schema(helm: Path) -> None:
    done = subprocess.run(
        [str(helm), "template", "x", str(ROOT / "charts/schemahero"), "--set", "plugins.enabled=maybe"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "plugins/enabled" in done.stderr


def test_the_dev_overlay_changes_only_pull_policy_and_arguments() -> None:
    base, dev = by_key(kustomize(BASE)), by_key(kustomize(DEV))
    assert set(base) == set(dev)
    changed = [k for k in base if base[k] != dev[k]]
    assert changed == [("Deployment", "schemahero-system", "schemahero-operator")]
    container = operator_container(list(dev.values()))
    assert container["imagePullPolicy"] == "Never"
    assert container["args"] == [
        *operator_container(list(base.values()))["args"],
        "--verbose",
        "--resync-interval=30",
    ]


def test_the_operator_finds_its_own_deployment_and_namespace() -> None:
    for objects in (kustomize(BASE), install_yaml("-n", "elsewhere")):
        found = deployment(objects)
        variables = env(operator_container(objects))
        assert variables["SCHEMAHERO_OPERATOR_DEPLOYMENT"] == found["metadata"]["name"]
        assert variables["SCHEMAHERO_OPERATOR_NAMESPACE"] == {"fieldRef": {"fieldPath": "metadata.namespace"}}
        assert variables["SCHEMAHERO_ENABLE_PLUGINS"] == "true"
        (self_role,) = [o for o in objects if o["kind"] == "Role"]
        assert self_role["metadata"]["namespace"] == found["metadata"]["namespace"]
        assert self_role["rules"][0]["resourceNames"] == [found["metadata"]["name"]]


def test_install_names_the_deployment_it_tells_people_to_watch() -> None:
    assert deployment(kustomize(BASE))["metadata"]["name"] == install.DEPLOYMENT
    assert deployment(kustomize(BASE))["metadata"]["namespace"] == install.DEFAULT_NAMESPACE


@pytest.mark.parametrize("render", [lambda: kustomize(BASE), install_yaml])
def test_every_namespaced_object_sits_in_the_operator_namespace(
    render: Callable[[], list[dict[str, Any]]],
) -> None:
    for obj in render():
        if obj["kind"] in {"ServiceAccount", "Role", "RoleBinding", "Deployment", "Service"}:
            assert obj["metadata"]["namespace"] == "schemahero-system", obj["metadata"]["name"]
