"""The operator's Kubernetes API calls besides kopf's own watching: the one module that uses a
Kubernetes client library (kubernetes_asyncio).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kubernetes_asyncio import client, config
from kubernetes_asyncio.client.exceptions import ApiException

from schemahero.operator.resources import Resource

MERGE_PATCH = "application/merge-patch+json"
FIELD_MANAGER = "schemahero-operator"
"""Who owns the sidecars in the Deployment's managedFields (server-side apply leaves them be)."""
IN_CLUSTER_TOKEN = Path("/var/run/secrets/kubernetes.io/serviceaccount/token")
TOKEN_SECONDS = 600

Body = dict[str, Any]


class Unreachable(Exception):
    """No usable kubeconfig nor service account: the operator cannot start."""


class Conflict(Exception):
    """The object changed since it was read (HTTP 409): read it again before deciding."""


class Kube:
    def __init__(self, api: client.ApiClient) -> None:
        self.api = api
        self.custom = client.CustomObjectsApi(api)
        self.core = client.CoreV1Api(api)
        self.apps = client.AppsV1Api(api)

    @classmethod
    async def connect(cls) -> Kube:
        """A client from $KUBECONFIG or ~/.kube/config, else the pod's service account."""
        configuration = client.Configuration()
        kubeconfig = os.environ.get("KUBECONFIG") or str(Path.home() / ".kube" / "config")
        try:
            if os.environ.get("KUBECONFIG") or not IN_CLUSTER_TOKEN.is_file():
                await config.load_kube_config(
                    config_file=kubeconfig.split(os.pathsep)[0], client_configuration=configuration
                )
            else:
                config.load_incluster_config(client_configuration=configuration)  # type: ignore[no-untyped-call]
        except (config.ConfigException, OSError) as error:
            raise Unreachable(f"no Kubernetes credentials: {error}") from error
        return cls(client.ApiClient(configuration))

    async def close(self) -> None:
        await self.api.close()

    async def get(self, resource: Resource, namespace: str, name: str) -> Body | None:
        try:
            found: Body = await self.custom.get_namespaced_custom_object(
                resource.group, resource.version, namespace, resource.plural, name
            )
        except ApiException as error:
            if error.status == 404:
                return None
            raise
        return found

    async def objects(
        self,
        resource: Resource,
        namespace: str,
        labels: Mapping[str, str] | None = None,
        *,
        cached: bool = False,
    ) -> list[Body]:
        """The objects with these labels. `cached`: as the API server's watch cache holds them (a
        moment behind, perhaps), filtered in its memory, not read one by one from etcd: a LIST
        that costs the same whatever the number of objects of the kind."""
        selector = ",".join(f"{k}={v}" for k, v in (labels or {}).items())
        found = await self.custom.list_namespaced_custom_object(
            resource.group,
            resource.version,
            namespace,
            resource.plural,
            label_selector=selector,
            resource_version="0" if cached else "",  # "": unset, the latest, read from etcd
        )
        items: list[Body] = found.get("items", [])
        return items

    async def selected(self, resource: Resource, namespace: str | None, selector: str = "") -> list[Body]:
        """The objects a label selector matches, in one namespace or (None) in every one."""
        if namespace is None:
            found = await self.custom.list_cluster_custom_object(
                resource.group, resource.version, resource.plural, label_selector=selector
            )
        else:
            found = await self.custom.list_namespaced_custom_object(
                resource.group, resource.version, namespace, resource.plural, label_selector=selector
            )
        items: list[Body] = found.get("items", [])
        return items

    async def create(self, resource: Resource, namespace: str, body: Body) -> Body:
        try:
            created: Body = await self.custom.create_namespaced_custom_object(
                resource.group, resource.version, namespace, resource.plural, body
            )
        except ApiException as error:
            raise _conflict(error) from None
        return created

    async def patch(self, resource: Resource, namespace: str, name: str, patch: Body) -> Body:
        """A JSON merge patch of the object (spec, metadata)."""
        try:
            patched: Body = await self.custom.patch_namespaced_custom_object(  # type: ignore[call-arg]
                resource.group,
                resource.version,
                namespace,
                resource.plural,
                name,
                patch,
                _content_type=MERGE_PATCH,
            )
        except ApiException as error:
            raise _conflict(error) from None
        return patched

    async def patch_status(
        self, resource: Resource, namespace: str, name: str, status: Body, *, version: str = ""
    ) -> Body:
        """A merge patch of the status; with `version`, only if the object is still at it."""
        patch: Body = {"status": status}
        if version:
            patch["metadata"] = {"resourceVersion": version}
        try:
            patched: Body = await self.custom.patch_namespaced_custom_object_status(  # type: ignore[call-arg]
                resource.group,
                resource.version,
                namespace,
                resource.plural,
                name,
                patch,
                _content_type=MERGE_PATCH,
            )
        except ApiException as error:
            raise _conflict(error) from None
        return patched

    async def deployment(self, namespace: str, name: str) -> Body | None:
        """The Deployment as plain JSON (the API's field names), None if it is absent."""
        try:
            found = await self.apps.read_namespaced_deployment(name, namespace)
        except ApiException as error:
            if error.status == 404:
                return None
            raise
        body: Body = self.api.sanitize_for_serialization(found)
        return body

    async def patch_deployment(self, namespace: str, name: str, patch: Body) -> None:
        """A JSON merge patch; Conflict when it names a resourceVersion the object has left."""
        try:
            await self.apps.patch_namespaced_deployment(  # type: ignore[call-arg]
                name, namespace, patch, field_manager=FIELD_MANAGER, _content_type=MERGE_PATCH
            )
        except ApiException as error:
            raise _conflict(error) from None

    async def secret_data(self, namespace: str, name: str) -> Mapping[str, str] | None:
        try:
            secret = await self.core.read_namespaced_secret(name, namespace)
        except ApiException as error:
            if error.status == 404:
                return None
            raise
        data: dict[str, str] = secret.data or {}
        return data

    async def service_account_token(self, namespace: str, name: str) -> str:
        """A short-lived token of the service account, for Vault's Kubernetes auth method."""
        request = client.AuthenticationV1TokenRequest(
            spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=TOKEN_SECONDS)
        )
        issued = await self.core.create_namespaced_service_account_token(name, namespace, request)
        return str(issued.status.token)


def _conflict(error: ApiException) -> Exception:
    return Conflict(str(error.reason)) if error.status == 409 else error
