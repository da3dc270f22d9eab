"""The cluster as the CLI's commands see it: SchemaHero objects by kind, read and patched.

Imported only when a cluster command runs, so that the other commands work without
kubernetes_asyncio installed.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from kubernetes_asyncio import client, config
from kubernetes_asyncio.client.exceptions import ApiException
from kubernetes_asyncio.config.config_exception import ConfigException

from schemahero.cli import reporting
from schemahero.schema.documents import API_GROUP, KIND_GROUPS

VERSION = "v1alpha4"
MERGE_PATCH = "application/merge-patch+json"
IN_CLUSTER_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")

Body = dict[str, Any]


class ClusterError(Exception):
    """Something the cluster refused or lacks, said in a line."""


class Cluster:
    def __init__(self, api: client.ApiClient, namespace: str) -> None:
        self.api = api
        self.namespace = namespace
        """The namespace of the kubeconfig context (or the pod), the default for commands."""
        self.custom = client.CustomObjectsApi(api)
        self.core = client.CoreV1Api(api)

    @classmethod
    async def connect(cls, kubeconfig: str | None, context: str | None) -> Cluster:
        configuration = client.Configuration()
        path = kubeconfig or os.environ.get("KUBECONFIG", "").split(os.pathsep)[0]
        path = path or str(Path.home() / ".kube" / "config")
        if Path(path).is_file() or kubeconfig:
            loader = await config.load_kube_config(
                config_file=path, context=context, client_configuration=configuration
            )
            current = loader.current_context or {}
            namespace = str(current.get("context", {}).get("namespace") or "")
        elif IN_CLUSTER_NAMESPACE.is_file():
            config.load_incluster_config(client_configuration=configuration)  # type: ignore[no-untyped-call]
            namespace = IN_CLUSTER_NAMESPACE.read_text().strip()
        else:
            raise ClusterError(f"no kubeconfig at {path}, and not running in a pod")
        return cls(client.ApiClient(configuration), namespace or "default")

    async def close(self) -> None:
        await self.api.close()

    async def namespaces(self, chosen: str | None, every: bool) -> list[str]:
        """The namespaces a command looks in: all, the one chosen, or the context's."""
        if not every:
            return [chosen or self.namespace]
        found = await self.core.list_namespace()
        return [str(item.metadata.name) for item in found.items]

    async def objects(self, kind: str, namespace: str) -> list[Body]:
        group, plural = _names(kind)
        found = await self.custom.list_namespaced_custom_object(group, VERSION, namespace, plural)
        items: list[Body] = found.get("items", [])
        return items

    async def get(self, kind: str, namespace: str, name: str) -> Body | None:
        group, plural = _names(kind)
        try:
            found: Body = await self.custom.get_namespaced_custom_object(
                group, VERSION, namespace, plural, name
            )
        except ApiException as error:
            if error.status == 404:
                return None
            raise
        return found

    async def find(self, kind: str, name: str, namespaces: list[str]) -> Body:
        """The first object of that kind and name in `namespaces`; ClusterError if none."""
        for namespace in namespaces:
            found = await self.get(kind, namespace, name)
            if found is not None:
                return found
        raise ClusterError(f"{kind.lower()} {name!r} not found in {', '.join(namespaces)}")

    async def patch(self, kind: str, namespace: str, name: str, patch: Body, *, status: bool = False) -> Body:
        """A JSON merge patch of the object, or of its status subresource."""
        group, plural = _names(kind)
        method = (
            self.custom.patch_namespaced_custom_object_status
            if status
            else self.custom.patch_namespaced_custom_object
        )
        patched: Body = await method(  # type: ignore[call-arg]
            group, VERSION, namespace, plural, name, patch, _content_type=MERGE_PATCH
        )
        return patched


def run(args: Any, action: Callable[[Cluster], Awaitable[int]]) -> int:
    """Connect as the flags say, run `action`, and turn cluster failures into one line."""

    async def session() -> int:
        cluster = await Cluster.connect(args.kubeconfig, args.context)
        try:
            return await action(cluster)
        finally:
            await cluster.close()

    try:
        return asyncio.run(session())
    except (ClusterError, ConfigException) as error:
        reporting.say(f"error: {error}")
    except ApiException as error:
        reporting.say(f"error: the API server answered {error.status} {error.reason}: {_detail(error)}")
    except OSError as error:
        reporting.say(f"error: cannot reach the API server: {error}")
    return 1


def _names(kind: str) -> tuple[str, str]:
    return KIND_GROUPS.get(kind, API_GROUP), kind.lower() + "s"


def _detail(error: ApiException) -> str:
    try:
        return str(json.loads(error.body or "{}").get("message", ""))
    except ValueError:
        return str(error.body or "")
