"""Resolving a Database's connection: values, Secrets, Vault's HTTP API, SSM without boto3.

Secrets come from a dict here (the k8s tier reads real ones); Vault is a small HTTP server
that answers the two calls of its Kubernetes auth method and database engine.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any

import pytest
from aiohttp import web

from schemahero.operator import connections
from schemahero.operator.connections import ConnectionProblem, resolve
from schemahero.operator.reasons import Reason
from schemahero.schema import specs
from schemahero.schema.decoding import decode


class Cluster:
    def __init__(self, secrets: Mapping[str, Mapping[str, str]]) -> None:
        self.secrets = {
            name: {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
            for name, data in secrets.items()
        }
        self.tokens: list[tuple[str, str]] = []

    async def secret_data(self, namespace: str, name: str) -> Mapping[str, str] | None:
        return self.secrets.get(f"{namespace}/{name}")

    async def service_account_token(self, namespace: str, name: str) -> str:
        self.tokens.append((namespace, name))
        return f"jwt-of-{name}"


def database(connection: dict[str, Any]) -> specs.DatabaseSpec:
    spec, problems = decode(specs.DatabaseSpec, {"connection": connection}, "spec")
    assert spec is not None and not problems
    return spec


def run(spec: specs.DatabaseSpec, cluster: Cluster | None = None) -> connections.Target:
    return asyncio.run(resolve(spec, "shop", "shopdb", cluster or Cluster({})))


def test_inline_values() -> None:
    target = run(database({"postgres": {"uri": {"value": "postgres://u:p@db/shop"}}}))
    assert target.engine == "postgres"
    assert target.connection.uri == "postgres://u:p@db/shop"
    assert "p@db" not in repr(target)


def test_cassandra_fields_become_params() -> None:
    spec = database(
        {
            "cassandra": {
                "hosts": ["a:9042", "b:9042"],
                "keyspace": {"value": "ks"},
                "username": {"value": "me"},
                "password": {"valueFrom": {"secretKeyRef": {"name": "cass", "key": "pw"}}},
            }
        }
    )
    target = run(spec, Cluster({"shop/cass": {"pw": "s3cret"}}))
    assert target.connection.params == {
        "hosts": "a:9042,b:9042",
        "keyspace": "ks",
        "username": "me",
        "password": "s3cret",
    }


def test_secret_key_ref() -> None:
    spec = database({"postgres": {"uri": {"valueFrom": {"secretKeyRef": {"name": "pg", "key": "uri"}}}}})
    target = run(spec, Cluster({"shop/pg": {"uri": "postgres://x"}}))
    assert target.connection.uri == "postgres://x"


@pytest.mark.parametrize(
    ("secrets", "says"), [({}, "does not exist"), ({"shop/pg": {"other": "x"}}, "no key 'uri'")]
)
def test_a_missing_secret_is_retried(secrets: dict[str, dict[str, str]], says: str) -> None:
    spec = database({"postgres": {"uri": {"valueFrom": {"secretKeyRef": {"name": "pg", "key": "uri"}}}}})
    with pytest.raises(ConnectionProblem) as problem:
        run(spec, Cluster(secrets))
    assert problem.value.reason == Reason.SECRET_NOT_FOUND and problem.value.retry
    assert says in problem.value.message


@pytest.mark.parametrize("connection", [{}, {"postgres": {}, "mysql": {}}])
def test_exactly_one_engine(connection: dict[str, Any]) -> None:
    with pytest.raises(ConnectionProblem) as problem:
        run(database(connection))
    assert problem.value.reason == Reason.INVALID_CONNECTION and not problem.value.retry


def test_the_plugin_reference_comes_along() -> None:
    spec = database({"sqlite": {"dsn": "/x.db"}, "plugin": {"localPath": "/bin/driver"}})
    target = run(spec)
    assert target.plugin is not None and target.plugin.local_path == "/bin/driver"
    assert target.connection.uri == "/x.db"


@pytest.mark.skipif(importlib.util.find_spec("boto3") is not None, reason="boto3 is installed here")
def test_ssm_without_boto3_says_so() -> None:
    spec = database({"postgres": {"uri": {"valueFrom": {"ssm": {"name": "/db/uri"}}}}})
    with pytest.raises(ConnectionProblem) as problem:
        run(spec)
    assert problem.value.reason == Reason.SSM_UNAVAILABLE
    assert "boto3" in problem.value.message


def test_vault_needs_an_endpoint() -> None:
    spec = database({"postgres": {"uri": {"valueFrom": {"vault": {"secret": "db", "role": "r"}}}}})
    with pytest.raises(ConnectionProblem) as problem:
        run(spec)
    assert problem.value.reason == Reason.VAULT_NOT_CONFIGURED


def test_vault_agent_file_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(connections, "VAULT_AGENT_FILE", tmp_path / "schemaherouri")
    spec = database(
        {"postgres": {"uri": {"valueFrom": {"vault": {"secret": "db", "role": "r", "agentInject": True}}}}}
    )
    with pytest.raises(ConnectionProblem) as problem:
        run(spec)
    assert problem.value.reason == Reason.VAULT_UNAVAILABLE and problem.value.retry
    (tmp_path / "schemaherouri").write_text("postgres://from-agent\n")
    assert run(spec).connection.uri == "postgres://from-agent"


Handler = Callable[[web.Request], Awaitable[web.Response]]


@pytest.fixture
def vault() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A Vault that logs in role `schemahero` with any JWT and issues database credentials."""
    seen: list[dict[str, Any]] = []

    async def login(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append(body)
        if body.get("role") != "schemahero":
            return web.json_response({"errors": ["denied"]}, status=403)
        return web.json_response({"auth": {"client_token": "tok"}})

    async def creds(request: web.Request) -> web.Response:
        if request.headers.get("X-Vault-Token") != "tok":
            return web.json_response({}, status=403)
        return web.json_response({"data": {"username": "v-user", "password": "v-pass"}})

    async def config(request: web.Request) -> web.Response:
        url = "postgresql://{{username}}:{{password}}@db:5432/" + request.match_info["name"]
        return web.json_response({"data": {"connection_details": {"connection_url": url}}})

    app = web.Application()
    app.router.add_post("/v1/auth/kubernetes/login", login)
    app.router.add_get("/v1/database/creds/{secret}", creds)
    app.router.add_get("/v1/database/config/{name}", config)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    loop.run_until_complete(web.SockSite(runner, listener).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.run_until_complete(runner.cleanup())
        loop.close()


def test_vault_kubernetes_auth_with_a_template(vault: tuple[str, list[dict[str, Any]]]) -> None:
    endpoint, seen = vault
    ref = {
        "secret": "shopdb",
        "role": "schemahero",
        "endpoint": endpoint,
        "serviceAccount": "schemahero-vault",
        "connectionTemplate": "postgres://{{ .username }}:{{ .password }}@db/shop",
    }
    cluster = Cluster({})
    target = run(database({"postgres": {"uri": {"valueFrom": {"vault": ref}}}}), cluster)
    assert target.connection.uri == "postgres://v-user:v-pass@db/shop"
    assert seen == [{"role": "schemahero", "jwt": "jwt-of-schemahero-vault"}]
    assert cluster.tokens == [("shop", "schemahero-vault")]


def test_vault_template_from_its_database_config(vault: tuple[str, list[dict[str, Any]]]) -> None:
    endpoint, _ = vault
    ref = {"secret": "shopdb", "role": "schemahero", "endpoint": endpoint, "serviceAccount": "sa"}
    target = run(database({"postgres": {"uri": {"valueFrom": {"vault": ref}}}}))
    assert target.connection.uri == "postgresql://v-user:v-pass@db:5432/shopdb"


def test_vault_refusal_is_a_condition(vault: tuple[str, list[dict[str, Any]]]) -> None:
    endpoint, _ = vault
    ref = {"secret": "shopdb", "role": "intruder", "endpoint": endpoint, "serviceAccount": "sa"}
    with pytest.raises(ConnectionProblem) as problem:
        run(database({"postgres": {"uri": {"valueFrom": {"vault": ref}}}}))
    assert problem.value.reason == Reason.VAULT_UNAVAILABLE
    assert "HTTP 403" in problem.value.message
