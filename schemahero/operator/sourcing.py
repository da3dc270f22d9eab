"""Where a Database's driver comes from, and what its status says of it: pure decisions.

The order of ARCHITECTURE.md: `plugin.localPath` (a subprocess), `plugin.ociRef` (a sidecar),
the engine's default image (a sidecar), and the in-tree driver: always when plugins are off,
when the operator runs without sidecars (a local run) for Databases naming no image, and in
place of a plugin that cannot serve only when the in-tree fallback is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from schemahero.driver_api.errors import RETRYABLE, DriverError, ErrorCode
from schemahero.operator.conditions import DRIVER_READY, Health, Verdict
from schemahero.operator.connecting import Report
from schemahero.operator.plugin_settings import PluginSettings
from schemahero.operator.reasons import Reason
from schemahero.operator.statuses import Condition, DatabaseStatus
from schemahero.plugins.pool import IN_TREE, SIDECAR, Resolved
from schemahero.schema import specs


@dataclass(frozen=True)
class Choice:
    """The driver a Database asks for."""

    engine: str
    local_path: str | None = None
    image: str | None = None
    """The image reference of a sidecar, as written (`plugin.ociRef`) or the default one."""
    pull_secret: str | None = None
    refused: str = ""
    """Why the asked-for driver cannot run in this operator at all."""


def choose(spec: specs.DatabaseSpec, engine: str, plugins: PluginSettings) -> Choice:
    plugin = spec.connection.plugin if spec.connection else None
    if not plugins.enabled:
        return Choice(engine)
    if plugin and plugin.local_path:
        return Choice(engine, local_path=plugin.local_path)
    secret = plugin.pull_secret if plugin else None
    if plugin and plugin.oci_ref:
        if plugins.sidecars is None:
            refused = (
                f"plugin.ociRef {plugin.oci_ref} runs as a sidecar, and this operator runs without "
                "sidecars (SCHEMAHERO_OPERATOR_DEPLOYMENT and SCHEMAHERO_OPERATOR_NAMESPACE are not set)"
            )
            return Choice(engine, refused=refused)
        return Choice(engine, image=plugin.oci_ref, pull_secret=secret)
    if plugins.sidecars is None:
        return Choice(engine)
    return Choice(engine, image=plugins.default_image(engine), pull_secret=secret)


def refusal(choice: Choice) -> DriverError:
    return DriverError(ErrorCode.FAILED_PRECONDITION, choice.refused)


def serving_image(status: DatabaseStatus) -> str | None:
    """The sidecar image serving the Database now, by its status."""
    driver = status.driver
    if driver is None or driver.source != SIDECAR or not driver.image:
        return None
    return driver.image


def driver_status(resolved: Resolved) -> dict[str, Any]:
    """`status.driver`: every field written, so that a merge patch clears what no longer holds."""
    return {
        "name": resolved.info.name,
        "version": resolved.info.vendor_version,
        "source": resolved.source,
        "image": resolved.image or None,
        "digest": resolved.digest or None,
        "fallback": resolved.fallback.message if resolved.fallback else None,
    }


def describe(resolved: Resolved) -> str:
    where = resolved.image or resolved.location or resolved.source
    return f"{resolved.info.name} {resolved.info.vendor_version} ({resolved.source}: {where})"


def fallen_back(report: Report, resolved: Resolved) -> Report:
    """The conditions of a Database served by another driver than the one it asks for.

    The in-tree fallback was allowed by the operator's configuration: DriverReady stays True and
    says so. An older sidecar serving while the new one cannot (an upgrade) leaves DriverReady
    False with the new one's problem: retried while it may start, Stalled when it is refused.
    """
    error = resolved.fallback
    if error is None:
        return report
    if resolved.source == IN_TREE:
        message = f"the in-tree driver serves in place of the plugin: {error.message}"
        ready = Condition(DRIVER_READY, "True", Reason.DRIVER_FALLBACK, message)
        return replace(report, driver_ready=ready)
    retry = error.code in RETRYABLE
    reason = Reason.DRIVER_UNAVAILABLE if retry else Reason.DRIVER_INCOMPATIBLE
    message = f"{error.message}; meanwhile {resolved.image} serves"
    verdict = report.verdict
    if verdict.health is Health.READY:
        verdict = Verdict(Health.PROGRESSING if retry else Health.STALLED, reason, message)
    ready = Condition(DRIVER_READY, "False", reason, message)
    return Report(verdict, ready, report.connected, retry=report.retry or retry)
