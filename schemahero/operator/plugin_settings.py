"""Where the operator's drivers come from, as its environment says (a Deployment sets it).

    SCHEMAHERO_ENABLE_PLUGINS       false: every Database is served in-tree, nothing is patched
    SCHEMAHERO_IN_TREE_FALLBACK     true: a plugin that cannot serve is replaced by the in-tree
                                    driver (logged, and shown in the Database's status)
    SCHEMAHERO_PLUGIN_REGISTRY      registry of the default driver images
    SCHEMAHERO_PLAIN_HTTP_REGISTRIES  comma-separated registries reached without TLS
    SCHEMAHERO_OPERATOR_DEPLOYMENT  the operator's own Deployment (the sidecars go there) ...
    SCHEMAHERO_OPERATOR_NAMESPACE   ... in this namespace (from the downward API)
    SCHEMAHERO_OPERATOR_CONTAINER   the operator's container in it (default: the first)
    SCHEMAHERO_DRIVER_SOCKETS       the sockets' folder, shared with the sidecars
    SCHEMAHERO_SIDECAR_GRACE_SECONDS  how long a sidecar no Database needs stays (default 600)
    SCHEMAHERO_PLUGIN_PUBLIC_KEY    a PEM public key (file or text; or --plugin-public-key): only
                                    driver images with a cosign signature by it are run

Without a Deployment and namespace (a local run) there are no sidecars: Databases without
`plugin.localPath` are served in-tree, and a Database naming `plugin.ociRef` waits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from schemahero import __version__
from schemahero.driver_api.errors import DriverError
from schemahero.plugins import signatures
from schemahero.plugins.references import DEFAULT_REGISTRY, REGISTRY_ENV
from schemahero.plugins.signatures import PUBLIC_KEY_ENV

SOCKETS = "/var/run/schemahero/drivers"
GRACE_PERIOD = 600.0
RUN_AS_USER = 65532
"""The sidecars' user when the operator's container names none: the socket (mode 0600) is
reachable only by the user that created it, so the operator must run as the same user."""
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


class InvalidSetting(ValueError):
    """An environment variable the operator cannot read: it refuses to start."""


@dataclass(frozen=True)
class SidecarSettings:
    """The operator's own Deployment, into whose pod template it adds driver sidecars."""

    deployment: str
    namespace: str
    container: str = ""
    """The operator's container, which mounts the sockets' folder; empty: the first one."""
    socket_dir: str = SOCKETS
    """Where the sockets are, for the sidecars and the operator alike."""
    grace_period: float = GRACE_PERIOD
    """Seconds a sidecar that no Database needs any more stays in the pod template."""
    run_as_user: int = RUN_AS_USER
    resources: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: {
            "requests": {"cpu": "20m", "memory": "64Mi"},
            "limits": {"cpu": "500m", "memory": "256Mi"},
        }
    )
    """Of each driver container."""

    @property
    def interval(self) -> float:
        """How often needs are compared without a Database event: often enough for the grace period."""
        return max(0.5, min(self.grace_period / 3, 60.0))


@dataclass(frozen=True)
class PluginSettings:
    enabled: bool = True
    """False: every Database is served in-tree and the Deployment is never patched."""
    in_tree_fallback: bool = False
    """A plugin that cannot serve is replaced by the in-tree driver of its engine."""
    registry: str = DEFAULT_REGISTRY
    """Where the default image of each engine's driver is, `<registry>/schemahero-driver-<engine>`."""
    version: str = __version__
    """The default images' tag."""
    plain_http: frozenset[str] = frozenset()
    """Registries (host[:port]) reached over plain HTTP."""
    sidecars: SidecarSettings | None = None
    """None: no sidecars (a local run, or plugins off)."""
    public_key: bytes | None = None
    """PEM of the key a driver image's cosign signature must verify with; None: not checked."""

    def default_image(self, engine: str) -> str:
        return f"{self.registry.rstrip('/')}/schemahero-driver-{engine}:{self.version}"


def from_env(env: Mapping[str, str], *, public_key: str | None = None) -> PluginSettings:
    """The settings `env` holds; InvalidSetting names the variable that cannot be read.

    `public_key` (the --plugin-public-key flag: a PEM file) wins over $SCHEMAHERO_PLUGIN_PUBLIC_KEY.
    """
    enabled = _flag(env, "SCHEMAHERO_ENABLE_PLUGINS", default=True)
    deployment = env.get("SCHEMAHERO_OPERATOR_DEPLOYMENT", "").strip()
    namespace = env.get("SCHEMAHERO_OPERATOR_NAMESPACE", "").strip()
    grace_period = _seconds(env, "SCHEMAHERO_SIDECAR_GRACE_SECONDS", GRACE_PERIOD)
    sidecars = None
    if enabled and deployment and namespace:
        sidecars = SidecarSettings(
            deployment=deployment,
            namespace=namespace,
            container=env.get("SCHEMAHERO_OPERATOR_CONTAINER", "").strip(),
            socket_dir=env.get("SCHEMAHERO_DRIVER_SOCKETS", "").strip() or SOCKETS,
            grace_period=grace_period,
        )
    plain = env.get("SCHEMAHERO_PLAIN_HTTP_REGISTRIES", "")
    return PluginSettings(
        enabled=enabled,
        in_tree_fallback=_flag(env, "SCHEMAHERO_IN_TREE_FALLBACK", default=False),
        registry=env.get(REGISTRY_ENV, "").strip() or DEFAULT_REGISTRY,
        plain_http=frozenset(host.strip() for host in plain.split(",") if host.strip()),
        sidecars=sidecars,
        public_key=_public_key(public_key or env.get(PUBLIC_KEY_ENV, "").strip()),
    )


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    text = env.get(name, "").strip().lower()
    if not text:
        return default
    if text not in _TRUE | _FALSE:
        raise InvalidSetting(f"{name}={env[name]!r}: expected true or false")
    return text in _TRUE


def _public_key(source: str) -> bytes | None:
    """The key's PEM, read and checked once: a key that cannot be read stops the operator."""
    if not source:
        return None
    try:
        key = signatures.configured_public_key(source)
    except DriverError as error:
        raise InvalidSetting(f"{PUBLIC_KEY_ENV} or --plugin-public-key: {error.message}") from None
    assert key is not None
    return signatures.pem_of(key)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        raise InvalidSetting(f"{name}={text!r}: expected a number of seconds") from None
    if value < 0:
        raise InvalidSetting(f"{name}={text!r}: expected a number of seconds, not negative")
    return value
