"""The objects the k8s tests apply, built the way users write them."""

from __future__ import annotations

from typing import Any

from schemahero.schema.documents import API_GROUP

DATABASES = "databases.schemahero.io/v1alpha4"
SCHEMAS = f"{API_GROUP}/v1alpha4"


def connection(engine: str, uri: str | None = None, secret: tuple[str, str] | None = None) -> dict[str, Any]:
    """The `spec.connection` of an engine: the URI inline, or from a Secret's key. SQLite's is a
    plain file path (`dsn`), as upstream writes it."""
    if engine == "sqlite":
        assert secret is None, "an SQLite dsn is a path, never a Secret"
        return {"sqlite": {"dsn": uri}}
    value: dict[str, Any] = (
        {"valueFrom": {"secretKeyRef": {"name": secret[0], "key": secret[1]}}} if secret else {"value": uri}
    )
    return {engine: {"uri": value}}


def database(name: str, engine: str, uri: str | None = None, **spec: Any) -> dict[str, Any]:
    secret = spec.pop("secret", None)
    return {
        "apiVersion": DATABASES,
        "kind": "Database",
        "metadata": {"name": name},
        "spec": {"connection": connection(engine, uri, secret), **spec},
    }


def table(
    name: str, database: str, engine: str, columns: list[dict[str, Any]], **block: Any
) -> dict[str, Any]:
    return {
        "apiVersion": SCHEMAS,
        "kind": "Table",
        "metadata": {"name": name},
        "spec": {
            "database": database,
            "name": name,
            "schema": {engine: {"primaryKey": ["id"], "columns": columns, **block}},
        },
    }


def column(name: str, type_: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


USERS = [column("id", "integer"), column("email", "varchar(255)", constraints={"notNull": True})]
