"""The operator's Kubernetes API calls besides kopf's own watching: plain JSON over aiohttp (kopf's
own HTTP library), logged in as kopf logs in. No Kubernetes client library: kubernetes_asyncio
would add a third to the operator's memory at start and double its install (bench/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import aiohttp
import kopf
import yaml

from schemahero.operator.resources import Resource

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
FIELD_MANAGER = "schemahero-operator"
"""Who owns the sidecars in the Deployment's managedFields (server-side apply leaves them be)."""
TOKEN_SECONDS = 600
REQUEST_SECONDS = 60.0
"""The longest a call may take: none of these is a watch, and a stuck one holds a handler."""
CONNECTIONS = 50
"""Requests in flight at once; more wait for a connection (the API server limits them too)."""

Body = dict[str, Any]


class Unreachable(Exception):
    """No usable kubeconfig nor service account: the operator cannot start."""


class Conflict(Exception):
    """The object changed since it was read, or exists already (HTTP 409): read it again before
    deciding."""


class ApiError(Exception):
    """The API server refused a call (other than 409, and 404 where the call answers None)."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(f"{status} {reason}: {message}")
        self.status = status
        self.reason = reason


def login(settings: kopf.OperatorSettings | None = None) -> kopf.ConnectionInfo:
    """The credentials kopf watches with (handlers.login): $KUBECONFIG or ~/.kube/config, else the
    pod's service account."""
    settings = settings or kopf.OperatorSettings()
    try:
        info = kopf.login_with_kubeconfig(settings=settings) or kopf.login_with_service_account(
            settings=settings
        )
    except (kopf.LoginError, OSError, KeyError, yaml.YAMLError) as error:
        raise Unreachable(f"no Kubernetes credentials: {error}") from error
    if info is None:
        raise Unreachable("no Kubernetes credentials: no kubeconfig and no service account token")
    return info


class Kube:
    def __init__(self, info: kopf.ConnectionInfo) -> None:
        self.info = info
        self.server = info.server.rstrip("/")
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=CONNECTIONS, ssl=info.as_ssl_context()),
            timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS),
            headers={"Accept": JSON, "User-Agent": FIELD_MANAGER},
            proxy=info.proxy_url,
            trust_env=info.trust_env,
        )

    @classmethod
    async def connect(cls) -> Kube:
        """A client from $KUBECONFIG or ~/.kube/config, else the pod's service account."""
        return cls(login())

    async def close(self) -> None:
        await self.session.close()

    async def get(self, resource: Resource, namespace: str, name: str) -> Body | None:
        return await self._found(_path(resource, namespace, name))

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
        query = {"labelSelector": selector} | ({"resourceVersion": "0"} if cached else {})
        return _items(await self._call("GET", _path(resource, namespace), query=query))

    async def selected(self, resource: Resource, namespace: str | None, selector: str = "") -> list[Body]:
        """The objects a label selector matches, in one namespace or (None) in every one."""
        found = await self._call("GET", _path(resource, namespace), query={"labelSelector": selector})
        return _items(found)

    async def create(self, resource: Resource, namespace: str, body: Body) -> Body:
        return await self._call("POST", _path(resource, namespace), body=body)

    async def patch(self, resource: Resource, namespace: str, name: str, patch: Body) -> Body:
        """A JSON merge patch of the object (spec, metadata)."""
        return await self._call("PATCH", _path(resource, namespace, name), body=patch)

    async def patch_status(
        self, resource: Resource, namespace: str, name: str, status: Body, *, version: str = ""
    ) -> Body:
        """A merge patch of the status; with `version`, only if the object is still at it."""
        patch: Body = {"status": status}
        if version:
            patch["metadata"] = {"resourceVersion": version}
        return await self._call("PATCH", _path(resource, namespace, name) + "/status", body=patch)

    async def deployment(self, namespace: str, name: str) -> Body | None:
        """The Deployment as plain JSON (the API's field names), None if it is absent."""
        return await self._found(_apps(namespace, name))

    async def patch_deployment(self, namespace: str, name: str, patch: Body) -> None:
        """A JSON merge patch; Conflict when it names a resourceVersion the object has left."""
        query = {"fieldManager": FIELD_MANAGER}
        await self._call("PATCH", _apps(namespace, name), body=patch, query=query)

    async def secret_data(self, namespace: str, name: str) -> Mapping[str, str] | None:
        secret = await self._found(_core(namespace, "secrets", name))
        if secret is None:
            return None
        data: dict[str, str] = secret.get("data") or {}
        return data

    async def service_account_token(self, namespace: str, name: str) -> str:
        """A short-lived token of the service account, for Vault's Kubernetes auth method."""
        request: Body = {
            "apiVersion": "authentication.k8s.io/v1",
            "kind": "TokenRequest",
            "spec": {"audiences": [], "expirationSeconds": TOKEN_SECONDS},
        }
        path = _core(namespace, "serviceaccounts", name) + "/token"
        issued = await self._call("POST", path, body=request)
        return str(issued["status"]["token"])

    async def _found(self, path: str) -> Body | None:
        """A GET that answers None where the API server answers 404."""
        try:
            return await self._call("GET", path)
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    async def _call(
        self, method: str, path: str, *, body: Body | None = None, query: Mapping[str, str] | None = None
    ) -> Body:
        """One call and its answer. A 401 logs in again, once: the service account's token file is
        renewed under a running pod."""
        status, reason, text = await self._send(method, path, body, query or {})
        if status == 401 and self._renewed():
            status, reason, text = await self._send(method, path, body, query or {})
        if status >= 400:
            raise _refused(status, reason, text)
        answer: Body = json.loads(text)
        return answer

    def _renewed(self) -> bool:
        """Whether logging in again gave other credentials."""
        try:
            info = login()
        except Unreachable:
            return False
        renewed = info.as_http_headers() != self.info.as_http_headers()
        self.info = info
        return renewed

    async def _send(
        self, method: str, path: str, body: Body | None, query: Mapping[str, str]
    ) -> tuple[int, str, bytes]:
        headers = self.info.as_http_headers()
        if body is not None:
            headers["Content-Type"] = MERGE_PATCH if method == "PATCH" else JSON
        data = None if body is None else json.dumps(body)
        async with self.session.request(
            method, self.server + path, params=query, data=data, headers=headers
        ) as response:
            return response.status, response.reason or "", await response.read()


def _refused(status: int, reason: str, text: bytes) -> Exception:
    """409 is Conflict (the callers' cue to re-read); anything else an ApiError with the
    API server's own message (from its Status object, or the text of a proxy's page)."""
    try:
        message = str(json.loads(text).get("message") or reason)
    except (ValueError, AttributeError):
        message = text.decode(errors="replace").strip()[:200] or reason
    return Conflict(message) if status == 409 else ApiError(status, reason, message)


def _path(resource: Resource, namespace: str | None, name: str = "") -> str:
    where = f"/namespaces/{quote(namespace, safe='')}" if namespace is not None else ""
    path = f"/apis/{resource.group}/{resource.version}{where}/{resource.plural}"
    return f"{path}/{quote(name, safe='')}" if name else path


def _apps(namespace: str, name: str) -> str:
    return f"/apis/apps/v1/namespaces/{quote(namespace, safe='')}/deployments/{quote(name, safe='')}"


def _core(namespace: str, plural: str, name: str) -> str:
    return f"/api/v1/namespaces/{quote(namespace, safe='')}/{plural}/{quote(name, safe='')}"


def _items(found: Body | None) -> list[Body]:
    items: list[Body] = (found or {}).get("items", [])
    return items
