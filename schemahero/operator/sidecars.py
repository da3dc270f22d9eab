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
which pull secrets and volumes the operator added) is kept in an annotation of the Deployment
itself, `schemahero.io/drivers`, whose changes restart no pod (they do bump the Deployment's
generation). A sidecar that no Database wants and
none is served by stays for the grace period, then goes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemahero.operator.plugin_settings import SidecarSettings
from schemahero.operator.sidecar_pods import (
    PREFIX,
    Added,
    lacks_sockets,
    patched_lists,
    render,
    secret_names,
    template_hash,
)
from schemahero.operator.sidecar_pods import ours as is_ours
from schemahero.plugins.pool import SidecarEndpoint

HASH_ANNOTATION = "schemahero.io/drivers-hash"
STATE_ANNOTATION = "schemahero.io/drivers"


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
    added: Added = field(default_factory=Added)

    def encode(self) -> str:
        added = [name for name, on in (("volume", self.added.volume), ("mount", self.added.mount)) if on]
        record = {"pins": self.pins, "unneeded": self.unneeded, "pullSecrets": sorted(self.pull_secrets)}
        return json.dumps({**record, "added": added}, sort_keys=True, separators=(",", ":"))

    @classmethod
    def of(cls, deployment: Mapping[str, Any]) -> State:
        text = ((deployment.get("metadata") or {}).get("annotations") or {}).get(STATE_ANNOTATION, "")
        try:
            raw = json.loads(text) if text else {}
        except ValueError:
            raw = {}
        raw = raw if isinstance(raw, dict) else {}
        pins, unneeded, secrets, added = (raw.get(k) for k in ("pins", "unneeded", "pullSecrets", "added"))
        added = added if isinstance(added, list) else []
        return cls(
            pins={str(k): str(v) for k, v in pins.items()} if isinstance(pins, dict) else {},
            unneeded={str(k): float(v) for k, v in unneeded.items() if isinstance(v, int | float)}
            if isinstance(unneeded, dict)
            else {},
            pull_secrets=[str(s) for s in secrets] if isinstance(secrets, list) else [],
            added=Added(volume="volume" in added, mount="mount" in added),
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
    theirs = [name for name in secret_names(spec) if name not in state.pull_secrets]
    retiring = kept - needs.wanted
    ours = (set(needs.pull_secrets) | (set(state.pull_secrets) if retiring else set())) - set(theirs)
    ordered = tuple(sorted(kept))
    pod, added = render(spec, ordered, [*theirs, *sorted(ours)], settings, state.added)
    digest = template_hash(pod, sorted(ours), settings)
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    running = [Sidecar.of_container(c) for c in spec.get("initContainers") or [] if is_ours(c)]
    rolls = (
        digest != annotations.get(HASH_ANNOTATION, "")
        or running != list(ordered)
        or bool(ordered and lacks_sockets(spec, settings))
    )
    recorded = (meta.get("annotations") or {}).get(STATE_ANNOTATION, State().encode())
    record = State(dict(needs.pins), unneeded, sorted(ours), added).encode()
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
            "template": {
                "metadata": {"annotations": {HASH_ANNOTATION: digest or None}},
                "spec": patched_lists(pod),
            }
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
