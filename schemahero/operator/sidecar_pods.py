"""The operator's pod template with driver sidecars in it: pure rendering, for sidecars.py.

Each sidecar is a native sidecar (an init container with restartPolicy Always) that runs its
image's entrypoint (the driver) with `--listen unix://<socket dir>/<socket>`, hardened: a
non-root user (the operator's, so that the sockets, mode 0600, are the operator's to reach),
a read-only root file system, no capabilities, no privilege escalation, resource requests and
limits, and no service account token. Kubernetes' own gRPC probes reach a pod's address, not a
socket, so startup and liveness probes run `python -m schemahero.plugins.probe` in the driver's
container (a driver image holds Python and SchemaHero).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from schemahero.operator.plugin_settings import SidecarSettings

if TYPE_CHECKING:
    from schemahero.operator.sidecars import Sidecar

PREFIX = "driver-"
SOCKETS_VOLUME = "schemahero-driver-sockets"
NO_TOKEN_VOLUME = "schemahero-no-token"
TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
"""Mounting an empty volume here keeps the service account token out of a container: the API
server's ServiceAccount admission mounts the token only where nothing is mounted at this path."""
PROBE = ("python", "-m", "schemahero.plugins.probe")
LAYOUT = 1
"""Part of the hash: a new layout of the sidecars rolls them out once."""


@dataclass(frozen=True)
class Added:
    """What of the sockets' volume and mount the operator added (a Deployment may declare them)."""

    volume: bool = False
    mount: bool = False


def render(
    spec: Mapping[str, Any],
    sidecars: Sequence[Sidecar],
    pull_secrets: Sequence[str],
    settings: SidecarSettings,
    added: Added,
) -> tuple[dict[str, Any], Added]:
    """The pod spec running `sidecars`, the rest as it was; and what of the sockets' volume and
    mount is the operator's now (removed with the last sidecar, unless the Deployment has them)."""
    operator = _operator_container(spec, settings)
    user = _run_as_user(spec, operator, settings)
    pod = dict(spec)
    pod["initContainers"] = [c for c in spec.get("initContainers") or [] if not ours(c)] + [
        container(s, settings, user) for s in sidecars
    ]
    volumes = [v for v in spec.get("volumes") or [] if v.get("name") != NO_TOKEN_VOLUME]
    has_volume = any(v.get("name") == SOCKETS_VOLUME for v in volumes)
    if sidecars:
        volumes += [] if has_volume else [{"name": SOCKETS_VOLUME, "emptyDir": {"sizeLimit": "1Mi"}}]
        volumes.append({"name": NO_TOKEN_VOLUME, "emptyDir": {"medium": "Memory", "sizeLimit": "1Ki"}})
    elif added.volume:
        volumes = [v for v in volumes if v.get("name") != SOCKETS_VOLUME]
    pod["volumes"] = volumes
    mine: Mapping[str, Any] = next((c for c in spec.get("containers") or [] if c.get("name") == operator), {})
    mounted = any(m.get("name") == SOCKETS_VOLUME for m in mine.get("volumeMounts") or [])
    mount, unmount = bool(sidecars) and not mounted, not sidecars and added.mount
    pod["containers"] = [
        _mounting(c, settings, mount=mount, unmount=unmount) if c.get("name") == operator else c
        for c in spec.get("containers") or []
    ]
    pod["imagePullSecrets"] = [{"name": name} for name in pull_secrets]
    now_added = Added(
        volume=bool(sidecars) and (added.volume or not has_volume),
        mount=bool(sidecars) and (added.mount or not mounted),
    )
    return pod, now_added


def container(sidecar: Sidecar, settings: SidecarSettings, user: int) -> dict[str, Any]:
    """A native sidecar (an init container that keeps running) serving one driver on its socket."""
    endpoint = f"unix://{settings.socket_dir}/{sidecar.socket}"
    probe = {"exec": {"command": [*PROBE, endpoint]}, "timeoutSeconds": 5}
    return {
        "name": sidecar.name,
        "image": sidecar.image,
        "imagePullPolicy": "IfNotPresent",
        "restartPolicy": "Always",
        "args": ["--listen", endpoint],
        "env": [{"name": "PYTHONDONTWRITEBYTECODE", "value": "1"}],
        "resources": {kind: dict(values) for kind, values in settings.resources.items()},
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": user,
            "runAsGroup": user,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "startupProbe": {**probe, "periodSeconds": 2, "failureThreshold": 30},
        "livenessProbe": {**probe, "periodSeconds": 20, "failureThreshold": 3},
        "volumeMounts": [
            {"name": SOCKETS_VOLUME, "mountPath": settings.socket_dir},
            {"name": NO_TOKEN_VOLUME, "mountPath": TOKEN_PATH, "readOnly": True},
        ],
    }


def template_hash(pod: Mapping[str, Any], pull_secrets: Sequence[str], settings: SidecarSettings) -> str:
    """The hash of what the operator puts in the pod template; empty when it puts nothing there."""
    containers = [c for c in pod.get("initContainers") or [] if ours(c)]
    if not containers and not pull_secrets:
        return ""
    mine = {
        "layout": LAYOUT,
        "containers": containers,
        "pullSecrets": list(pull_secrets),
        "mountedBy": _operator_container(pod, settings),
    }
    return hashlib.sha256(json.dumps(mine, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def ours(container: Mapping[str, Any]) -> bool:
    """Init containers named `driver-...` belong to the operator."""
    return str(container.get("name", "")).startswith(PREFIX)


def lacks_sockets(pod: Mapping[str, Any], settings: SidecarSettings) -> bool:
    """Whether the sockets' volume or the operator's mount of it is missing (edited away)."""
    operator = _operator_container(pod, settings)
    volume = any(v.get("name") == SOCKETS_VOLUME for v in pod.get("volumes") or [])
    mounts = [
        m
        for c in pod.get("containers") or []
        if c.get("name") == operator
        for m in c.get("volumeMounts") or []
    ]
    return not volume or not any(m.get("name") == SOCKETS_VOLUME for m in mounts)


def patched_lists(pod: Mapping[str, Any]) -> dict[str, Any]:
    """The parts the operator changes, whole (a merge patch replaces lists); empty ones removed."""
    return {key: pod[key] or None for key in ("initContainers", "containers", "volumes", "imagePullSecrets")}


def secret_names(spec: Mapping[str, Any]) -> list[str]:
    return [str(s.get("name")) for s in spec.get("imagePullSecrets") or [] if s.get("name")]


def _operator_container(spec: Mapping[str, Any], settings: SidecarSettings) -> str:
    if settings.container:
        return settings.container
    names = [str(c.get("name", "")) for c in spec.get("containers") or []]
    return names[0] if names else ""


def _mounting(
    found: Mapping[str, Any], settings: SidecarSettings, *, mount: bool, unmount: bool
) -> dict[str, Any]:
    mounts = list(found.get("volumeMounts") or [])
    if unmount:
        mounts = [m for m in mounts if m.get("name") != SOCKETS_VOLUME]
    if mount:
        mounts.append({"name": SOCKETS_VOLUME, "mountPath": settings.socket_dir})
    changed = {**found, "volumeMounts": mounts}
    if not mounts:
        del changed["volumeMounts"]
    return changed


def _run_as_user(spec: Mapping[str, Any], operator: str, settings: SidecarSettings) -> int:
    """The operator's user, so that the sockets (mode 0600) it must reach belong to it."""
    own = [c.get("securityContext") or {} for c in spec.get("containers") or [] if c.get("name") == operator]
    for context in [*own, spec.get("securityContext") or {}]:
        user = context.get("runAsUser")
        if isinstance(user, int) and user > 0:
            return user
    return settings.run_as_user
