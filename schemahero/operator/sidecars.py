"""Driver sidecars: which the operator's pod runs, and the patch of its Deployment that gets there.

Pure: the reconciler (reconcile/sidecars.py) reads the Deployment and the Databases, pins the
images, and sends the patch `converge` returns, if any.

Naming rule: one sidecar per (engine, pinned image). With h = the first 10 hex digits of the
sha256 of the image (`registry/repository@sha256:...`), the container is `driver-<engine>-<h>`
and its socket `<socket dir>/<engine>-<h>.sock`: two images of one engine never share a name,
and an image keeps its name (and socket) for as long as it runs. Init containers whose name
starts with `driver-` belong to the operator.

Convergence: the pod template carries the hash of what the operator put in it
(`schemahero.io/drivers-hash`); the template is patched only when that hash changes, so a
reconcile that finds the same sidecars changes nothing and restarts nothing. What must survive
the operator's own restarts (the pins of tags to digests, since when a sidecar is unneeded,
which pull secrets the operator added) is kept in an annotation of the Deployment itself,
`schemahero.io/drivers`, whose changes restart nothing. A sidecar that no Database wants and
none is served by stays for the grace period, then goes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.plugins.pool import SidecarEndpoint

PREFIX = "driver-"
HASH_ANNOTATION = "schemahero.io/drivers-hash"
STATE_ANNOTATION = "schemahero.io/drivers"
SOCKETS_VOLUME = "schemahero-driver-sockets"
NO_TOKEN_VOLUME = "schemahero-no-token"
TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
"""Mounting an empty volume here keeps the service account token out of a container: the API
server's ServiceAccount admission mounts the token only where nothing is mounted at this path."""
PROBE = ("python", "-m", "schemahero.plugins.probe")
"""Run inside the driver's container: a driver image holds Python and SchemaHero."""
LAYOUT = 1
"""Part of the hash: a new layout of the sidecars rolls them out once."""


@dataclass(frozen=True, order=True)
class Sidecar:
    engine: str
    image: str
    """Pinned: `registry/repository@sha256:...`."""

    @property
    def short_hash(self) -> str:
        return hashlib.sha256(self.image.encode()).hexdigest()[:10]

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.engine}-{self.short_hash}"

    @property
    def socket(self) -> str:
        return f"{self.engine}-{self.short_hash}.sock"

    def endpoint(self, settings: SidecarSettings) -> SidecarEndpoint:
        return SidecarEndpoint(self.name, self.image, Path(settings.socket_dir, self.socket))

    @classmethod
    def of_container(cls, container: Mapping[str, Any]) -> Sidecar | None:
        """The sidecar a container of the template runs, when the naming rule holds for it."""
        name, image = str(container.get("name", "")), str(container.get("image", ""))
        engine = name[len(PREFIX) : -11]
        found = cls(engine, image)
        return found if engine and found.name == name else None


@dataclass
class State:
    """The Deployment's record of the operator's sidecars (its `schemahero.io/drivers` annotation)."""

    pins: dict[str, str] = field(default_factory=dict)
    """Image reference as Databases name it -> pinned image."""
    unneeded: dict[str, float] = field(default_factory=dict)
    """Sidecar name -> since when (unix seconds) no Database needs it."""
    pull_secrets: list[str] = field(default_factory=list)
    """The imagePullSecrets the operator added (the others are the Deployment's own)."""

    def encode(self) -> str:
        return json.dumps(
            {"pins": self.pins, "unneeded": self.unneeded, "pullSecrets": sorted(self.pull_secrets)},
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def of(cls, deployment: Mapping[str, Any]) -> State:
        text = ((deployment.get("metadata") or {}).get("annotations") or {}).get(STATE_ANNOTATION, "")
        try:
            raw = json.loads(text) if text else {}
        except ValueError:
            raw = {}
        raw = raw if isinstance(raw, dict) else {}
        pins, unneeded, secrets = raw.get("pins"), raw.get("unneeded"), raw.get("pullSecrets")
        return cls(
            pins={str(k): str(v) for k, v in pins.items()} if isinstance(pins, dict) else {},
            unneeded={str(k): float(v) for k, v in unneeded.items() if isinstance(v, int | float)}
            if isinstance(unneeded, dict)
            else {},
            pull_secrets=[str(s) for s in secrets] if isinstance(secrets, list) else [],
        )


@dataclass(frozen=True)
class Needs:
    """What the Databases ask of the pod."""

    wanted: frozenset[Sidecar] = frozenset()
    """Sidecars the Databases' specs resolve to."""
    serving: frozenset[str] = frozenset()
    """Images that serve a Database now (its status says so): kept while they do."""
    pull_secrets: frozenset[str] = frozenset()
    pins: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Convergence:
    patch: dict[str, Any] | None
    """A JSON merge patch of the Deployment (None: nothing to change)."""
    sidecars: tuple[Sidecar, ...]
    """What the template runs once patched."""
    rolls: bool
    """Whether the patch changes the pod template, so that the pods are replaced."""
    wake_in: float | None
    """Seconds until the first grace period ends."""


def converge(
    deployment: Mapping[str, Any], needs: Needs, settings: SidecarSettings, now: float
) -> Convergence:
    """The patch that gives the operator's pod the sidecars `needs` asks for, if any is due."""
    meta = deployment.get("metadata") or {}
    template = (deployment.get("spec") or {}).get("template") or {}
    spec = template.get("spec") or {}
    state = State.of(deployment)
    kept, unneeded = _kept(spec, needs, state, settings, now)
    theirs = [name for name in _secret_names(spec) if name not in state.pull_secrets]
    retiring = kept - needs.wanted
    ours = (set(needs.pull_secrets) | (set(state.pull_secrets) if retiring else set())) - set(theirs)
    ordered = tuple(sorted(kept))
    pod = render(spec, ordered, [*theirs, *sorted(ours)], settings)
    digest = template_hash(pod, sorted(ours), settings)
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    running = [Sidecar.of_container(c) for c in spec.get("initContainers") or [] if _ours(c)]
    rolls = digest != annotations.get(HASH_ANNOTATION, "") or running != list(ordered)
    recorded = (meta.get("annotations") or {}).get(STATE_ANNOTATION, State().encode())
    record = State(dict(needs.pins), unneeded, sorted(ours)).encode()
    patch: dict[str, Any] | None = None
    if rolls or record != recorded:
        patch = {
            "metadata": {
                "resourceVersion": meta.get("resourceVersion"),
                "annotations": {STATE_ANNOTATION: record},
            }
        }
    if patch is not None and rolls:
        patch["spec"] = {
            "template": {"metadata": {"annotations": {HASH_ANNOTATION: digest or None}}, "spec": _lists(pod)}
        }
    waits = [since + settings.grace_period - now for since in unneeded.values()]
    return Convergence(patch, ordered, rolls, max(min(waits), 0.0) if waits else None)


def _kept(
    spec: Mapping[str, Any], needs: Needs, state: State, settings: SidecarSettings, now: float
) -> tuple[set[Sidecar], dict[str, float]]:
    """The wanted sidecars, those serving a Database, and those within their grace period (with
    since when they are unneeded)."""
    kept = set(needs.wanted)
    unneeded: dict[str, float] = {}
    for container in spec.get("initContainers") or []:
        sidecar = Sidecar.of_container(container)
        if sidecar is None or sidecar in kept:
            continue
        if sidecar.image in needs.serving:
            kept.add(sidecar)
            continue
        since = state.unneeded.get(sidecar.name, now)
        if now - since < settings.grace_period:
            kept.add(sidecar)
            unneeded[sidecar.name] = since
    return kept, unneeded


def render(
    spec: Mapping[str, Any],
    sidecars: Sequence[Sidecar],
    pull_secrets: Sequence[str],
    settings: SidecarSettings,
) -> dict[str, Any]:
    """The pod spec running `sidecars`, its other containers and volumes as they were."""
    user = _run_as_user(spec, settings)
    pod = dict(spec)
    pod["initContainers"] = [c for c in spec.get("initContainers") or [] if not _ours(c)] + [
        container(s, settings, user) for s in sidecars
    ]
    volumes = [v for v in spec.get("volumes") or [] if v.get("name") not in (SOCKETS_VOLUME, NO_TOKEN_VOLUME)]
    if sidecars:
        volumes += [
            {"name": SOCKETS_VOLUME, "emptyDir": {"sizeLimit": "1Mi"}},
            {"name": NO_TOKEN_VOLUME, "emptyDir": {"medium": "Memory", "sizeLimit": "1Ki"}},
        ]
    pod["volumes"] = volumes
    operator = _operator_container(spec, settings)
    pod["containers"] = [
        _with_sockets(c, settings, mounted=bool(sidecars)) if c.get("name") == operator else c
        for c in spec.get("containers") or []
    ]
    pod["imagePullSecrets"] = [{"name": name} for name in pull_secrets]
    return pod


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
    containers = [c for c in pod.get("initContainers") or [] if _ours(c)]
    if not containers and not pull_secrets:
        return ""
    ours = {
        "layout": LAYOUT,
        "containers": containers,
        "pullSecrets": list(pull_secrets),
        "mountedBy": _operator_container(pod, settings),
    }
    return hashlib.sha256(json.dumps(ours, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _ours(container: Mapping[str, Any]) -> bool:
    return str(container.get("name", "")).startswith(PREFIX)


def _lists(pod: Mapping[str, Any]) -> dict[str, Any]:
    """The parts the operator changes, whole (a merge patch replaces lists); empty ones removed."""
    return {key: pod[key] or None for key in ("initContainers", "containers", "volumes", "imagePullSecrets")}


def _secret_names(spec: Mapping[str, Any]) -> list[str]:
    return [str(s.get("name")) for s in spec.get("imagePullSecrets") or [] if s.get("name")]


def _operator_container(spec: Mapping[str, Any], settings: SidecarSettings) -> str:
    if settings.container:
        return settings.container
    names = [str(c.get("name", "")) for c in spec.get("containers") or []]
    return names[0] if names else ""


def _with_sockets(
    container: Mapping[str, Any], settings: SidecarSettings, *, mounted: bool
) -> dict[str, Any]:
    mounts = [m for m in container.get("volumeMounts") or [] if m.get("name") != SOCKETS_VOLUME]
    if mounted:
        mounts.append({"name": SOCKETS_VOLUME, "mountPath": settings.socket_dir})
    changed = {**container, "volumeMounts": mounts}
    if not mounts:
        del changed["volumeMounts"]
    return changed


def _run_as_user(spec: Mapping[str, Any], settings: SidecarSettings) -> int:
    """The operator's user, so that the sockets (mode 0600) it must reach belong to it."""
    operator = _operator_container(spec, settings)
    own = [c.get("securityContext") or {} for c in spec.get("containers") or [] if c.get("name") == operator]
    for context in [*own, spec.get("securityContext") or {}]:
        user = context.get("runAsUser")
        if isinstance(user, int) and user > 0:
            return user
    return settings.run_as_user
