"""Shards: two operators in one namespace with disjoint label selectors (`--selector`). Each plans
and applies the objects of its own shard only, its Migrations stay in that shard, and neither
touches the other's objects nor the objects no shard selects; within a shard, a new plan still
supersedes its source's pending Migration (a list the operator reads from the watch cache).

The namespace is an `sc-*` one, which the session's operator leaves alone.
"""

from __future__ import annotations

import contextlib
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemahero.operator.context import Settings
from schemahero.operator.planning import spec_sha
from tests.conftest import Servers
from tests.k8s.conftest import SETTINGS, Operator, operator_thread
from tests.k8s.flows import cli, migration_of, phase_becomes
from tests.k8s.kubectl import Kubectl, condition, eventually
from tests.k8s.manifests import USERS, column, table
from tests.k8s.manifests import database as database_manifest
from tests.servers.base import free_port

SHARDS = {"a": 2, "b": 3}
"""Tables per shard: different counts, so that each operator's own counters tell them apart."""
QUIET = 3.0
"""Seconds both operators are given, once done, to (wrongly) touch what no shard selects."""


@contextlib.contextmanager
def shard_operator(namespace: str, shard: str, kubeconfig: Path) -> Iterator[Operator]:
    """An operator of `namespace` serving only the objects labelled shard=`shard`."""
    settings = Settings(
        **{
            **SETTINGS.__dict__,
            "namespaces": (namespace,),
            "selector": f"shard={shard}",
            "resync_interval": 0.0,
            "metrics_port": free_port(),
            "metrics_address": "127.0.0.1",
        }
    )
    with operator_thread(settings, f"operator-shard-{shard}") as running:
        yield running


@pytest.fixture
def shards(kubectl: Kubectl, crds: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Operator]]:
    monkeypatch.setenv("KUBECONFIG", str(kubectl.kubeconfig))
    with (
        shard_operator(namespace(kubectl), "a", kubectl.kubeconfig) as a,
        shard_operator(a.settings.namespaces[0], "b", kubectl.kubeconfig) as b,
    ):
        yield {"a": a, "b": b}


def namespace(kubectl: Kubectl) -> str:
    name = f"sc-shard-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    return name


def test_operators_with_disjoint_selectors_never_touch_each_others_objects(
    kubectl: Kubectl, servers: Servers, shards: dict[str, Operator]
) -> None:
    ns = shards["a"].settings.namespaces[0]
    tables: dict[str, list[dict[str, Any]]] = {}
    for shard, count in SHARDS.items():
        db = servers.database("sqlite")
        tables[shard] = [
            labelled(table(f"{shard}{n}", f"db-{shard}", "sqlite", USERS), shard) for n in range(count)
        ]
        kubectl.apply(
            labelled(database_manifest(f"db-{shard}", "sqlite", db.uri), shard), *tables[shard], namespace=ns
        )
    stray = table("stray", "db-a", "sqlite", USERS)
    kubectl.apply(stray, namespace=ns)

    for shard, owned in tables.items():
        for source in owned:
            migration = migration_of(kubectl, source, ns)
            assert migration["metadata"]["labels"]["shard"] == shard, (
                "a Migration stays in its source's shard"
            )
            name = migration["metadata"]["name"]
            assert cli(kubectl, "approve", "migration", name, "-n", ns)[0] == 0
    for owned in tables.values():
        for source in owned:
            phase_becomes(kubectl, spec_sha(source["spec"])[:7], ns, "EXECUTED")
    for shard in SHARDS:
        found = kubectl.get("database", f"db-{shard}", ns)
        assert condition(found, "Connected").get("status") == "True"

    time.sleep(QUIET)
    for shard, running in shards.items():
        metrics = scrape(running)
        assert metrics.get('schemahero_applies_total{outcome="executed"}') == SHARDS[shard]
        checked = {key for key in metrics if key.startswith("schemahero_database_connected{")}
        assert checked == {f'schemahero_database_connected{{database="db-{shard}",namespace="{ns}"}}'}
    untouched = kubectl.get("table", "stray", ns)
    assert untouched is not None and not untouched.get("status"), "no shard selects the stray Table"
    assert not [key for key in untouched["metadata"].get("annotations") or {} if "schemahero.io" in key]
    assert kubectl.get("migration", spec_sha(stray["spec"])[:7], ns) is None


def labelled(body: dict[str, Any], shard: str) -> dict[str, Any]:
    body["metadata"]["labels"] = {"shard": shard}
    return body


def scrape(running: Operator) -> dict[str, float]:
    """The operator's own metrics, by series (`name{labels}`), eventually non-empty."""

    def read() -> dict[str, float]:
        with urllib.request.urlopen(running.metrics_url, timeout=5) as answer:
            text = answer.read().decode()
        return {
            series: float(value)
            for series, _, value in (line.rpartition(" ") for line in text.splitlines())
            if series and not series.startswith("#")
        }

    return eventually(read, f"metrics at {running.metrics_url}")


def test_a_new_plan_supersedes_the_pending_one_in_its_shard(
    kubectl: Kubectl, servers: Servers, shards: dict[str, Operator]
) -> None:
    ns = shards["a"].settings.namespaces[0]
    db = servers.database("sqlite")
    first = labelled(table("users", "db-a", "sqlite", USERS), "a")
    kubectl.apply(labelled(database_manifest("db-a", "sqlite", db.uri), "a"), first, namespace=ns)
    superseded = migration_of(kubectl, first, ns)["metadata"]["name"]

    second = labelled(table("users", "db-a", "sqlite", [*USERS, column("name", "text")]), "a")
    kubectl.apply(second, namespace=ns)
    current = migration_of(kubectl, second, ns)
    assert current["metadata"]["labels"]["shard"] == "a"
    invalid = phase_becomes(kubectl, superseded, ns, "INVALID")["status"]
    assert invalid["message"] == f"superseded by Migration {current['metadata']['name']}"
