"""Where a Database's driver comes from (the resolution order and its flags), the settings the
environment gives, and what the Database's status and conditions say about the driver."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode, unavailable
from schemahero.driver_api.types import PluginInfo
from schemahero.operator import connecting, sourcing
from schemahero.operator.conditions import Health
from schemahero.operator.context import Settings
from schemahero.operator.pins import Pins
from schemahero.operator.plugin_settings import InvalidSetting, PluginSettings, SidecarSettings, from_env
from schemahero.operator.reasons import Reason
from schemahero.operator.reconcile.sidecars import watched
from schemahero.operator.resources import DATABASES
from schemahero.operator.statuses import DatabaseStatus, DriverStatus
from schemahero.plugins.pool import IN_TREE, SIDECAR, Resolved
from schemahero.schema import specs
from schemahero.schema.decoding import decode
from tests.unit.operator.test_handlers import registered

SIDECARS = PluginSettings(registry="registry.example/schemahero", sidecars=SidecarSettings("op", "ns"))
INFO = PluginInfo("schemahero-sqlite", "0.1.0", ("sqlite",))


def spec_of(**plugin: str) -> specs.DatabaseSpec:
    raw: dict[str, Any] = {"connection": {"sqlite": {"dsn": "/data/app.db"}}}
    if plugin:
        raw["connection"]["plugin"] = plugin
    decoded, _ = decode(specs.DatabaseSpec, raw, "spec")
    assert decoded is not None
    return decoded


def test_local_path_comes_first() -> None:
    choice = sourcing.choose(spec_of(localPath="/bin/drv", ociRef="r.example/d:1"), "sqlite", SIDECARS)
    assert choice.local_path == "/bin/drv" and choice.image is None


def test_an_oci_ref_runs_as_a_sidecar_with_its_pull_secret() -> None:
    choice = sourcing.choose(spec_of(ociRef="r.example/d:1", pullSecret="regcred"), "sqlite", SIDECARS)
    assert (choice.image, choice.pull_secret, choice.refused) == ("r.example/d:1", "regcred", "")


def test_without_a_plugin_the_default_image_of_this_version() -> None:
    choice = sourcing.choose(spec_of(), "sqlite", SIDECARS)
    assert choice.image == f"registry.example/schemahero/schemahero-driver-sqlite:{SIDECARS.version}"


def test_plugins_off_means_in_tree_whatever_the_spec_says() -> None:
    off = PluginSettings(enabled=False)
    for spec in (spec_of(), spec_of(localPath="/bin/drv"), spec_of(ociRef="r.example/d:1")):
        choice = sourcing.choose(spec, "sqlite", off)
        assert (choice.local_path, choice.image, choice.refused) == (None, None, "")


def test_without_sidecars_an_oci_ref_is_refused_and_the_rest_is_in_tree() -> None:
    local = PluginSettings()
    assert sourcing.choose(spec_of(), "sqlite", local).image is None
    refused = sourcing.choose(spec_of(ociRef="r.example/d:1"), "sqlite", local)
    assert "SCHEMAHERO_OPERATOR_DEPLOYMENT" in refused.refused
    assert sourcing.refusal(refused).code is ErrorCode.FAILED_PRECONDITION


def test_settings_from_the_environment() -> None:
    assert from_env({}) == PluginSettings()
    found = from_env(
        {
            "SCHEMAHERO_OPERATOR_DEPLOYMENT": "schemahero",
            "SCHEMAHERO_OPERATOR_NAMESPACE": "schemahero-system",
            "SCHEMAHERO_DRIVER_SOCKETS": "/run/d",
            "SCHEMAHERO_SIDECAR_GRACE_SECONDS": "5",
            "SCHEMAHERO_IN_TREE_FALLBACK": "true",
            "SCHEMAHERO_PLUGIN_REGISTRY": "registry.example/mirror",
            "SCHEMAHERO_PLAIN_HTTP_REGISTRIES": "localhost:5000, registry.local",
        }
    )
    assert found.sidecars == SidecarSettings(
        "schemahero", "schemahero-system", socket_dir="/run/d", grace_period=5
    )
    assert found.in_tree_fallback and found.registry == "registry.example/mirror"
    assert found.plain_http == {"localhost:5000", "registry.local"}
    off = from_env({"SCHEMAHERO_ENABLE_PLUGINS": "false", "SCHEMAHERO_OPERATOR_DEPLOYMENT": "x"})
    assert not off.enabled and off.sidecars is None


@pytest.mark.parametrize(
    "env",
    [{"SCHEMAHERO_ENABLE_PLUGINS": "maybe"}, {"SCHEMAHERO_SIDECAR_GRACE_SECONDS": "soon"}],
)
def test_an_unreadable_setting_is_refused_by_name(env: dict[str, str]) -> None:
    with pytest.raises(InvalidSetting, match=next(iter(env))):
        from_env(env)


def test_the_status_records_source_image_digest_and_version() -> None:
    image = "r.example/d@sha256:" + "a" * 64
    resolved = Resolved(object(), INFO, SIDECAR, "/run/d/sqlite-x.sock", image)  # type: ignore[arg-type]
    assert sourcing.driver_status(resolved) == {
        "name": "schemahero-sqlite",
        "version": "0.1.0",
        "source": "sidecar",
        "image": image,
        "digest": "sha256:" + "a" * 64,
        "fallback": None,
    }
    in_tree = Resolved(object(), INFO, IN_TREE)  # type: ignore[arg-type]
    assert sourcing.driver_status(in_tree)["image"] is None, "cleared by the merge patch"


def test_the_image_serving_a_database_is_read_from_its_status() -> None:
    assert sourcing.serving_image(DatabaseStatus(driver=DriverStatus(source="sidecar", image="i@x"))) == "i@x"
    assert sourcing.serving_image(DatabaseStatus(driver=DriverStatus(source="in-tree"))) is None
    assert sourcing.serving_image(DatabaseStatus()) is None


def test_the_in_tree_fallback_keeps_the_driver_ready_and_says_why() -> None:
    resolved = Resolved(object(), INFO, IN_TREE, fallback=unavailable("sidecar d: no socket"))  # type: ignore[arg-type]
    report = sourcing.fallen_back(connecting.connected("sqlite", "3.45"), resolved)
    assert report.driver_ready.status == "True" and report.driver_ready.reason == Reason.DRIVER_FALLBACK
    assert "no socket" in report.driver_ready.message and report.verdict.health is Health.READY


def test_an_old_sidecar_serving_during_an_upgrade_leaves_the_driver_not_ready() -> None:
    old = "r.example/d@sha256:" + "1" * 64
    starting = Resolved(object(), INFO, SIDECAR, image=old, fallback=unavailable("not running yet"))  # type: ignore[arg-type]
    report = sourcing.fallen_back(connecting.connected("sqlite", "3.45"), starting)
    assert report.driver_ready.status == "False" and report.driver_ready.reason == Reason.DRIVER_UNAVAILABLE
    assert report.retry and report.verdict.health is Health.PROGRESSING and old in report.verdict.message
    assert report.connected.status == "True"
    refused = DriverError(ErrorCode.FAILED_PRECONDITION, "speaks v9")
    incompatible = Resolved(object(), INFO, SIDECAR, image=old, fallback=refused)  # type: ignore[arg-type]
    report = sourcing.fallen_back(connecting.connected("sqlite", "3.45"), incompatible)
    assert (
        report.driver_ready.reason == Reason.DRIVER_INCOMPATIBLE and report.verdict.health is Health.STALLED
    )
    assert not report.retry


@pytest.mark.parametrize(
    ("patterns", "namespace", "expected"),
    [
        ((), "any", True),
        (("team-*",), "team-a", True),
        (("team-*",), "other", False),
        (("!sc-*",), "sc-1", False),
        (("!sc-*",), "t-1", True),
        (("team-*, !team-secret",), "team-secret", False),
    ],
)
def test_the_databases_considered_are_those_of_watched_namespaces(
    patterns: tuple[str, ...], namespace: str, expected: bool
) -> None:
    assert watched(namespace, patterns) is expected


def test_a_reference_is_pinned_once_whoever_asks() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        pins = Pins()
        pins.load({"r.example/d:1": "r.example/d@sha256:old"})
        calls: list[str] = []

        async def resolve() -> str:
            calls.append("resolved")
            await asyncio.sleep(0.01)
            return "r.example/d@sha256:new"

        found = await asyncio.gather(
            *(pins.pinned(ref, resolve) for ref in ["r.example/d:1", "r.example/d:2"] * 3)
        )
        assert pins.keep_only({"r.example/d:2"}) == {"r.example/d:2": "r.example/d@sha256:new"}
        return list(found), calls

    found, calls = asyncio.run(scenario())
    assert found[0] == "r.example/d@sha256:old", "the Deployment's record wins over the registry"
    assert set(found[1::2]) == {"r.example/d@sha256:new"} and calls == ["resolved"]


def test_database_events_wake_the_sidecar_reconciler_when_sidecars_are_on() -> None:
    assert "sidecars" in registered(Settings(plugins=SIDECARS))[DATABASES.plural]
    assert "sidecars" not in registered(Settings())[DATABASES.plural]
