"""A Database's connection, resolved: inline values, Secrets, Vault and SSM.

The resolved Connection is sensitive: it goes to the driver and nowhere else (its repr is
redacted, and every message that leaves the operator passes through `faults.redact`). Problems
are ConnectionProblems with a condition reason, and say whether a retry may help.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from schemahero.driver_api.types import Connection
from schemahero.operator.reasons import Reason
from schemahero.schema import specs

VAULT_AGENT_FILE = Path("/vault/secrets/schemaherouri")
"""Where the Vault agent injector writes the URI (`agentInject: true`), as upstream reads it."""
SERVICE_ACCOUNT_TOKEN = Path("/var/run/secrets/kubernetes.io/serviceaccount/token")
VAULT_LOGIN = "/v1/auth/kubernetes/login"
SSM_DEFAULT_REGION = "us-east-1"
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)

_PARAMS = ("host", "port", "user", "username", "password", "dbname", "keyspace", "schema", "sslmode")
_TEMPLATE_FIELD = re.compile(r"\{\{\s*\.?(username|password)\s*\}\}")


class ConnectionProblem(Exception):
    """Why a connection cannot be resolved; `retry` when waiting may fix it (a Secret to come)."""

    def __init__(self, reason: Reason, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retry = retry


class Cluster(Protocol):
    """What resolution reads from Kubernetes (schemahero.operator.kube provides it)."""

    async def secret_data(self, namespace: str, name: str) -> Mapping[str, str] | None:
        """The Secret's data (base64 values, as the API returns them), None if it is absent."""
        ...

    async def service_account_token(self, namespace: str, name: str) -> str: ...


@dataclass(frozen=True)
class Target:
    """What a Database points at: its engine, the connection, and where its driver comes from."""

    engine: str
    connection: Connection
    plugin: specs.PluginRef | None


@dataclass(frozen=True)
class _Scope:
    cluster: Cluster
    namespace: str
    database: str


def engine_of(spec: specs.DatabaseSpec) -> tuple[str, Any]:
    """The one engine the connection names; ConnectionProblem when none or several."""
    blocks = spec.connection
    found = [
        (f.name, getattr(blocks, f.name))
        for f in dataclasses.fields(specs.DatabaseConnection)
        if f.name != "plugin" and blocks is not None and getattr(blocks, f.name) is not None
    ]
    if len(found) != 1:
        named = ", ".join(name for name, _ in found) or "none"
        raise ConnectionProblem(
            Reason.INVALID_CONNECTION,
            f"spec.connection must name exactly one engine, found: {named}",
            retry=False,
        )
    return found[0]


async def resolve(spec: specs.DatabaseSpec, namespace: str, database: str, cluster: Cluster) -> Target:
    """The engine, the Connection with every value read, and the plugin reference."""
    engine, block = engine_of(spec)
    scope = _Scope(cluster, namespace, database)

    def field(name: str) -> Any:
        return getattr(block, name, None)  # the engines' connection types differ (sqlite: dsn)

    uri = await _value(field("uri"), scope, f"{engine}.uri") or await _value(
        field("dsn"), scope, f"{engine}.dsn"
    )
    params: dict[str, str] = {}
    for name in _PARAMS:
        value = await _value(field(name), scope, f"{engine}.{name}")
        if value is not None:
            params[name] = value
    if field("hosts"):
        params["hosts"] = ",".join(field("hosts"))
    disable_tls = field("disable_tls")
    for key, extra in (
        ("defaultCharset", field("default_charset")),
        ("collation", field("collation")),
        ("disableTLS", None if disable_tls is None else str(disable_tls).lower()),
    ):
        if extra is not None:
            params[key] = extra
    plugin = spec.connection.plugin if spec.connection else None
    return Target(engine, Connection(uri=uri or "", params=params), plugin)


async def _value(item: Any, scope: _Scope, where: str) -> str | None:
    """The value of a ValueOrValueFrom (or a SecretValue, or a plain string)."""
    if item is None or isinstance(item, str):
        return item
    if item.value:
        return str(item.value)
    source = item.value_from
    if source is None:
        return None if item.value is None else str(item.value)
    if source.secret_key_ref is not None:
        return await _secret(source.secret_key_ref, scope, where)
    vault = getattr(source, "vault", None)
    if vault is not None:
        return await _vault(vault, scope, where)
    ssm = getattr(source, "ssm", None)
    if ssm is not None:
        return await _ssm(ssm, scope, where)
    return None


async def _secret(ref: specs.SecretKeyRef, scope: _Scope, where: str) -> str:
    data = await scope.cluster.secret_data(scope.namespace, ref.name)
    if data is None:
        raise ConnectionProblem(
            Reason.SECRET_NOT_FOUND,
            f"{where}: Secret {scope.namespace}/{ref.name} does not exist",
            retry=True,
        )
    if ref.key not in data:
        raise ConnectionProblem(
            Reason.SECRET_NOT_FOUND,
            f"{where}: Secret {scope.namespace}/{ref.name} has no key {ref.key!r}",
            retry=True,
        )
    return base64.b64decode(data[ref.key]).decode()


async def _vault(vault: specs.VaultRef, scope: _Scope, where: str) -> str:
    """Upstream's two Vault modes: the agent injector's file, or the Kubernetes auth method."""
    if vault.agent_inject:
        if not VAULT_AGENT_FILE.is_file():
            raise ConnectionProblem(
                Reason.VAULT_UNAVAILABLE,
                f"{where}: vault.agentInject is set but the Vault agent wrote no "
                f"{VAULT_AGENT_FILE} in the operator's pod",
                retry=True,
            )
        return VAULT_AGENT_FILE.read_text().strip()
    if not vault.endpoint or not vault.role:
        raise ConnectionProblem(
            Reason.VAULT_NOT_CONFIGURED,
            f"{where}: vault needs endpoint and role (or agentInject: true)",
            retry=False,
        )
    jwt = await _vault_jwt(vault, scope, where)
    base = vault.endpoint.rstrip("/")
    try:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
            login = await _vault_json(
                http,
                "POST",
                base + (vault.kubernetes_auth_endpoint or VAULT_LOGIN),
                {"role": vault.role, "jwt": jwt},
                None,
            )
            token = str((login.get("auth") or {}).get("client_token", ""))
            creds = await _vault_json(http, "GET", f"{base}/v1/database/creds/{vault.secret}", None, token)
            template = vault.connection_template or await _vault_template(http, base, scope.database, token)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        raise ConnectionProblem(
            Reason.VAULT_UNAVAILABLE, f"{where}: Vault at {base}: {error}", retry=True
        ) from error
    data = creds.get("data") or {}
    return _TEMPLATE_FIELD.sub(lambda m: str(data.get(m[1], "")), template)


async def _vault_jwt(vault: specs.VaultRef, scope: _Scope, where: str) -> str:
    """A token of the named service account, else the operator's own."""
    if vault.service_account:
        namespace = vault.service_account_namespace or scope.namespace
        return await scope.cluster.service_account_token(namespace, vault.service_account)
    if not SERVICE_ACCOUNT_TOKEN.is_file():
        raise ConnectionProblem(
            Reason.VAULT_NOT_CONFIGURED,
            f"{where}: vault.serviceAccount is not set and the operator runs without a service account token",
            retry=False,
        )
    return SERVICE_ACCOUNT_TOKEN.read_text().strip()


async def _vault_template(http: aiohttp.ClientSession, base: str, database: str, token: str) -> str:
    config = await _vault_json(http, "GET", f"{base}/v1/database/config/{database}", None, token)
    details = (config.get("data") or {}).get("connection_details") or {}
    return str(details.get("connection_url", ""))


async def _vault_json(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    body: dict[str, Any] | None,
    token: str | None,
) -> dict[str, Any]:
    headers = {"X-Vault-Token": token} if token else {}
    async with http.request(method, url, json=body, headers=headers) as response:
        if response.status != 200:
            raise ValueError(f"{method} {url.split('/v1/', 1)[-1]}: HTTP {response.status}")
        found = await response.json()
    return found if isinstance(found, dict) else {}


async def _ssm(ssm: specs.SsmRef, scope: _Scope, where: str) -> str:
    try:
        boto3 = importlib.import_module("boto3")
    except ImportError:
        raise ConnectionProblem(
            Reason.SSM_UNAVAILABLE,
            f"{where}: reading SSM parameters needs boto3, which is not installed in the operator's image",
            retry=False,
        ) from None
    access_key = await _value(ssm.access_key_id, scope, f"{where}.ssm.accessKeyID")
    secret_key = await _value(ssm.secret_access_key, scope, f"{where}.ssm.secretAccessKey")
    credentials = (
        {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key}
        if access_key and secret_key
        else {}
    )

    def fetch() -> str:
        client = boto3.client("ssm", region_name=ssm.region or SSM_DEFAULT_REGION, **credentials)
        found = client.get_parameter(Name=ssm.name, WithDecryption=ssm.with_decryption)
        return str(found["Parameter"]["Value"])

    try:
        return await asyncio.to_thread(fetch)
    except Exception as error:  # boto3's errors have no common base outside botocore
        raise ConnectionProblem(
            Reason.SSM_UNAVAILABLE,
            f"{where}: SSM parameter {ssm.name}: {type(error).__name__}: {error}",
            retry=True,
        ) from None
