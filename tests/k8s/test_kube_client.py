"""The operator's own client (operator/kube.py) against the API server: what each refusal becomes
(404 None or ApiError, 409 Conflict, 401 a new login), and the watch cache read."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import kopf
import pytest

from schemahero.operator.kube import ApiError, Body, Conflict, Kube
from schemahero.operator.resources import MIGRATIONS
from tests.k8s.kubectl import Kubectl

T = TypeVar("T")


def migration(name: str) -> Body:
    return {
        "apiVersion": MIGRATIONS.api_version,
        "kind": MIGRATIONS.kind,
        "metadata": {"name": name, "labels": {"kube-client-test": name}},
        "spec": {"tableName": "users", "tableNamespace": "nowhere"},
    }


def with_kube(cluster: Any, action: Callable[[Kube], Awaitable[T]], token: str = "") -> T:
    info = kopf.ConnectionInfo(
        server=cluster.server, ca_path=str(cluster.ca_file), token=token or cluster.token
    )

    async def run() -> T:
        kube = Kube(info)
        try:
            return await action(kube)
        finally:
            await kube.close()

    return asyncio.run(run())


def test_absent_objects_read_as_none(cluster: Any, namespace: str) -> None:
    async def read(kube: Kube) -> list[Any]:
        return [
            await kube.get(MIGRATIONS, namespace, "absent"),
            await kube.deployment(namespace, "absent"),
            await kube.secret_data(namespace, "absent"),
        ]

    assert with_kube(cluster, read) == [None, None, None]


def test_writing_an_absent_object_is_an_api_error(cluster: Any, namespace: str) -> None:
    with pytest.raises(ApiError) as raised:
        with_kube(cluster, lambda kube: kube.patch(MIGRATIONS, namespace, "absent", {"spec": {}}))
    assert raised.value.status == 404
    assert 'migrations.schemas.schemahero.io "absent" not found' in str(raised.value)


def test_an_existing_name_and_a_stale_version_are_conflicts(cluster: Any, namespace: str) -> None:
    async def create_twice(kube: Kube) -> Body:
        await kube.create(MIGRATIONS, namespace, migration("twice"))
        return await kube.create(MIGRATIONS, namespace, migration("twice"))

    with pytest.raises(Conflict, match="already exists"):
        with_kube(cluster, create_twice)

    async def stale_status(kube: Kube) -> Body:
        return await kube.patch_status(MIGRATIONS, namespace, "twice", {"phase": "PLANNED"}, version="1")

    with pytest.raises(Conflict, match="the object has been modified"):
        with_kube(cluster, stale_status)


def test_a_refused_token_logs_in_again(cluster: Any, namespace: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """As when the pod's token file was renewed: the next login reads the valid token."""
    monkeypatch.setenv("KUBECONFIG", str(cluster.kubeconfig))
    created = with_kube(
        cluster, lambda kube: kube.create(MIGRATIONS, namespace, migration("relogin")), token="expired"
    )
    assert created["metadata"]["name"] == "relogin"


def test_a_refused_token_with_no_better_login_is_an_api_error(
    cluster: Any, namespace: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "absent"))
    with pytest.raises(ApiError) as raised:
        with_kube(cluster, lambda kube: kube.get(MIGRATIONS, namespace, "any"), token="expired")
    assert raised.value.status == 401


def test_lists_patches_and_tokens(cluster: Any, namespace: str, kubectl: Kubectl) -> None:
    kubectl("create", "serviceaccount", "vault-auth", "-n", namespace)

    async def calls(kube: Kube) -> tuple[list[Body], list[Body], Body, str]:
        await kube.create(MIGRATIONS, namespace, migration("listed"))
        patched = await kube.patch(MIGRATIONS, namespace, "listed", {"metadata": {"labels": {"x": "y"}}})
        version = patched["metadata"]["resourceVersion"]
        status = {"phase": "PLANNED"}
        written = await kube.patch_status(MIGRATIONS, namespace, "listed", status, version=version)
        assert written["status"]["phase"] == "PLANNED"
        labels = {"kube-client-test": "listed", "x": "y"}
        cached: list[Body] = []
        for _ in range(50):  # the watch cache follows etcd within moments
            cached = await kube.objects(MIGRATIONS, namespace, labels, cached=True)
            if cached:
                break
            await asyncio.sleep(0.1)
        everywhere = await kube.selected(MIGRATIONS, None, "kube-client-test=listed,x=y")
        read = await kube.get(MIGRATIONS, namespace, "listed")
        assert read is not None
        return cached, everywhere, read, await kube.service_account_token(namespace, "vault-auth")

    cached, everywhere, read, token = with_kube(cluster, calls)
    assert [m["metadata"]["name"] for m in cached] == ["listed"]
    assert [(m["metadata"]["namespace"], m["metadata"]["name"]) for m in everywhere] == [
        (namespace, "listed")
    ]
    assert read["metadata"]["labels"] == {"kube-client-test": "listed", "x": "y"}
    assert token.count(".") == 2  # a JWT
