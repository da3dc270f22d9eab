"""The sidecars of the operator's pod: named by engine and image, hardened, patched only when the
Databases need another set, and removed after their grace period."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.operator.sidecars import (
    HASH_ANNOTATION,
    STATE_ANNOTATION,
    Convergence,
    Needs,
    Sidecar,
    converge,
)

SETTINGS = SidecarSettings("schemahero", "schemahero-system", grace_period=600.0)
NOW = 1_800_000_000.0
V1 = Sidecar("postgres", "ghcr.io/acme/pg@sha256:" + "1" * 64)
V2 = Sidecar("postgres", "ghcr.io/acme/pg@sha256:" + "2" * 64)
LITE = Sidecar("sqlite", "ghcr.io/schemahero/schemahero-driver-sqlite@sha256:" + "3" * 64)


def deployment(**pod: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "schemahero", "namespace": "schemahero-system", "resourceVersion": "7"},
        "spec": {
            "template": {
                "metadata": {"labels": {"app": "schemahero"}},
                "spec": {
                    "containers": [{"name": "manager", "image": "ghcr.io/schemahero/schemahero:0.1.0"}],
                    **pod,
                },
            }
        },
    }


def applied(body: dict[str, Any], outcome: Convergence) -> dict[str, Any]:
    """The Deployment after the merge patch, as the API server would store it."""
    assert outcome.patch is not None
    return _merge(copy.deepcopy(body), outcome.patch)


def _merge(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return patch
    target = target if isinstance(target, dict) else {}
    for key, value in patch.items():
        merged = None if value is None else _merge(target.get(key), value)
        if merged is None or merged == {}:
            target.pop(key, None)  # the API server leaves out what is empty
        else:
            target[key] = merged
    return target


def needs(*sidecars: Sidecar, serving: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> Needs:
    return Needs(frozenset(sidecars), frozenset(serving), frozenset(secrets), {})


def sidecars_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    return body["spec"]["template"]["spec"].get("initContainers") or []


def test_names_and_sockets_follow_engine_and_image() -> None:
    assert V1.name.startswith("driver-postgres-") and len(V1.name) == len("driver-postgres-") + 10
    assert V1.socket == V1.name.removeprefix("driver-") + ".sock"
    assert V1.name != V2.name and V1.socket != V2.socket
    assert Sidecar("postgres", V1.image).name == V1.name, "stable"
    endpoint = V1.endpoint(SETTINGS)
    assert str(endpoint.socket) == f"/var/run/schemahero/drivers/{V1.socket}" and endpoint.image == V1.image


def test_a_needed_sidecar_is_added_hardened() -> None:
    before = deployment(securityContext={"runAsUser": 1001})
    outcome = converge(before, needs(LITE), SETTINGS, NOW)
    assert outcome.rolls and outcome.sidecars == (LITE,)
    after = applied(before, outcome)
    (sidecar,) = sidecars_in(after)
    endpoint = f"unix:///var/run/schemahero/drivers/{LITE.socket}"
    assert sidecar["name"] == LITE.name and sidecar["image"] == LITE.image
    assert sidecar["restartPolicy"] == "Always" and sidecar["args"] == ["--listen", endpoint]
    assert sidecar["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 1001,
        "runAsGroup": 1001,
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert sidecar["resources"] == dict(SETTINGS.resources)
    for probe in ("startupProbe", "livenessProbe"):
        assert sidecar[probe]["exec"]["command"] == ["python", "-m", "schemahero.plugins.probe", endpoint]
    assert {m["mountPath"]: m.get("readOnly", False) for m in sidecar["volumeMounts"]} == {
        "/var/run/schemahero/drivers": False,
        "/var/run/secrets/kubernetes.io/serviceaccount": True,
    }
    pod = after["spec"]["template"]
    assert {v["name"] for v in pod["spec"]["volumes"]} == {"schemahero-driver-sockets", "schemahero-no-token"}
    assert pod["spec"]["containers"][0]["volumeMounts"] == [
        {"name": "schemahero-driver-sockets", "mountPath": "/var/run/schemahero/drivers"}
    ]
    assert pod["metadata"]["annotations"][HASH_ANNOTATION]
    assert outcome.patch is not None and outcome.patch["metadata"]["resourceVersion"] == "7"


def test_the_same_needs_change_nothing() -> None:
    once = applied(deployment(), converge(deployment(), needs(LITE, V1), SETTINGS, NOW))
    again = converge(once, needs(V1, LITE), SETTINGS, NOW + 5)
    assert again.patch is None and not again.rolls


def test_no_database_no_sidecar_no_patch() -> None:
    assert converge(deployment(), needs(), SETTINGS, NOW).patch is None


def test_an_unneeded_sidecar_goes_after_its_grace_period() -> None:
    both = applied(deployment(), converge(deployment(), needs(V1, LITE), SETTINGS, NOW))
    retiring = converge(both, needs(LITE), SETTINGS, NOW + 1)
    assert not retiring.rolls and retiring.wake_in == pytest.approx(600.0)
    assert V1 in retiring.sidecars, "kept during the grace period"
    recorded = applied(both, retiring)
    assert json.loads(recorded["metadata"]["annotations"][STATE_ANNOTATION])["unneeded"] == {V1.name: NOW + 1}
    assert converge(recorded, needs(LITE), SETTINGS, NOW + 300).patch is None
    removed = converge(recorded, needs(LITE), SETTINGS, NOW + 602)
    assert removed.rolls and removed.sidecars == (LITE,)
    assert [c["name"] for c in sidecars_in(applied(recorded, removed))] == [LITE.name]


def test_a_sidecar_wanted_again_in_its_grace_period_is_no_longer_retiring() -> None:
    one = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))
    retiring = applied(one, converge(one, needs(), SETTINGS, NOW + 1))
    wanted = converge(retiring, needs(V1), SETTINGS, NOW + 2)
    assert not wanted.rolls and wanted.wake_in is None
    assert (
        json.loads(applied(retiring, wanted)["metadata"]["annotations"][STATE_ANNOTATION])["unneeded"] == {}
    )


def test_a_sidecar_serving_a_database_stays_past_the_grace_period() -> None:
    old = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))
    upgrading = converge(old, needs(V2, serving=(V1.image,)), SETTINGS, NOW + 1)
    assert upgrading.sidecars == (V1, V2) and upgrading.wake_in is None
    both = applied(old, upgrading)
    assert converge(both, needs(V2, serving=(V1.image,)), SETTINGS, NOW + 10_000).patch is None
    swapped = converge(both, needs(V2, serving=(V2.image,)), SETTINGS, NOW + 10_001)
    assert swapped.sidecars == (V1, V2), "then the grace period starts"
    later = converge(applied(both, swapped), needs(V2), SETTINGS, NOW + 10_602)
    assert later.sidecars == (V2,)


def test_pull_secrets_join_the_deployments_own_and_leave_without_them() -> None:
    own = deployment(imagePullSecrets=[{"name": "operator-pull"}])
    added = applied(own, converge(own, needs(V1, secrets=("regcred",)), SETTINGS, NOW))
    names = [s["name"] for s in added["spec"]["template"]["spec"]["imagePullSecrets"]]
    assert names == ["operator-pull", "regcred"]
    retiring = applied(added, converge(added, needs(), SETTINGS, NOW + 1))
    assert len(sidecars_in(retiring)) == 1
    gone = applied(retiring, converge(retiring, needs(), SETTINGS, NOW + 700))
    assert gone["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "operator-pull"}]
    assert gone["spec"]["template"] == own["spec"]["template"], "as it was before any sidecar"


def test_a_secret_the_deployment_had_already_is_never_taken_away() -> None:
    own = deployment(imagePullSecrets=[{"name": "regcred"}])
    added = applied(own, converge(own, needs(V1, secrets=("regcred",)), SETTINGS, NOW))
    gone = applied(added, converge(added, needs(), SETTINGS, NOW + 1))
    gone = applied(gone, converge(gone, needs(), SETTINGS, NOW + 700))
    assert gone["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "regcred"}]


def test_other_init_containers_volumes_and_mounts_are_kept() -> None:
    theirs = deployment(
        initContainers=[{"name": "migrate-config", "image": "busybox"}],
        volumes=[{"name": "config", "configMap": {"name": "cfg"}}],
    )
    theirs["spec"]["template"]["spec"]["containers"].append({"name": "proxy", "image": "envoy"})
    theirs["spec"]["template"]["spec"]["containers"][0]["volumeMounts"] = [
        {"name": "config", "mountPath": "/etc/x"}
    ]
    after = applied(theirs, converge(theirs, needs(V1), SETTINGS, NOW))
    pod = after["spec"]["template"]["spec"]
    assert [c["name"] for c in pod["initContainers"]] == ["migrate-config", V1.name]
    assert pod["volumes"][0] == {"name": "config", "configMap": {"name": "cfg"}}
    assert [m["name"] for m in pod["containers"][0]["volumeMounts"]] == [
        "config",
        "schemahero-driver-sockets",
    ]
    assert "volumeMounts" not in pod["containers"][1], "only the operator's container mounts the sockets"


def test_the_named_operator_container_mounts_the_sockets_and_sets_the_user() -> None:
    settings = SidecarSettings("schemahero", "ns", container="manager")
    body = deployment()
    body["spec"]["template"]["spec"]["containers"].insert(
        0, {"name": "proxy", "image": "envoy", "securityContext": {"runAsUser": 7}}
    )
    body["spec"]["template"]["spec"]["containers"][1]["securityContext"] = {"runAsUser": 4242}
    pod = applied(body, converge(body, needs(V1), settings, NOW))["spec"]["template"]["spec"]
    assert "volumeMounts" not in pod["containers"][0] and pod["containers"][1]["volumeMounts"]
    assert pod["initContainers"][0]["securityContext"]["runAsUser"] == 4242


def test_without_a_user_anywhere_the_default_non_root_user_is_set() -> None:
    pod = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))["spec"]["template"]["spec"]
    assert pod["initContainers"][0]["securityContext"]["runAsUser"] == SETTINGS.run_as_user > 0


def test_another_socket_folder_or_layout_rolls_once() -> None:
    once = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))
    moved = SidecarSettings("schemahero", "ns", socket_dir="/run/drivers")
    outcome = converge(once, needs(V1), moved, NOW)
    assert outcome.rolls
    assert converge(applied(once, outcome), needs(V1), moved, NOW).patch is None


def test_a_container_edited_by_hand_is_replaced() -> None:
    once = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))
    sidecars_in(once)[0]["image"] = "ghcr.io/acme/pg:latest"
    outcome = converge(once, needs(V1), SETTINGS, NOW + 1)
    assert outcome.rolls and [c["image"] for c in sidecars_in(applied(once, outcome))] == [V1.image]


def test_pins_are_recorded_on_the_deployment() -> None:
    wanted = Needs(frozenset({V1}), frozenset(), frozenset(), {"ghcr.io/acme/pg:1": V1.image})
    after = applied(deployment(), converge(deployment(), wanted, SETTINGS, NOW))
    state = json.loads(after["metadata"]["annotations"][STATE_ANNOTATION])
    assert state["pins"] == {"ghcr.io/acme/pg:1": V1.image}


def test_a_sockets_volume_the_deployment_declares_is_used_and_kept() -> None:
    declared = deployment(volumes=[{"name": "schemahero-driver-sockets", "emptyDir": {"medium": "Memory"}}])
    declared["spec"]["template"]["spec"]["containers"][0]["volumeMounts"] = [
        {"name": "schemahero-driver-sockets", "mountPath": "/var/run/schemahero/drivers"}
    ]
    added = applied(declared, converge(declared, needs(V1), SETTINGS, NOW))
    pod = added["spec"]["template"]["spec"]
    assert [v for v in pod["volumes"] if v["name"] == "schemahero-driver-sockets"] == [
        {"name": "schemahero-driver-sockets", "emptyDir": {"medium": "Memory"}}
    ]
    assert len(pod["containers"][0]["volumeMounts"]) == 1
    retiring = applied(added, converge(added, needs(), SETTINGS, NOW + 1))
    gone = applied(retiring, converge(retiring, needs(), SETTINGS, NOW + 700))
    assert gone["spec"]["template"] == declared["spec"]["template"]


def test_a_sockets_volume_edited_away_is_put_back() -> None:
    once = applied(deployment(), converge(deployment(), needs(V1), SETTINGS, NOW))
    del once["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    outcome = converge(once, needs(V1), SETTINGS, NOW + 1)
    assert outcome.rolls
    assert applied(once, outcome)["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
