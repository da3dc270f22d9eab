"""The driver conformance kit on Cassandra, in process and over gRPC.

Cassandra tables are not the kit's SQL tables: the specs below give the same three states
(create; add columns and a second table; drop a column and add another) in Cassandra's shape,
with a composite partition key, a clustering column and table properties.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from schemahero.driver_api import Driver, DriverClient, DriverServer
from schemahero.driver_api.conformance import DriverConformance
from schemahero.driver_api.inprocess import InProcessDriver
from schemahero.drivers.cassandra import create_driver
from schemahero.schema.documents import SpecObject


def _columns(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"name": name, "type": type_} for name, type_ in pairs]


class CassandraSpecs(DriverConformance):
    engine = "cassandra"

    def specs(self, version: int) -> list[SpecObject]:
        items: dict[str, Any] = {"primaryKey": [["id"]], "columns": _columns(("id", "int"), ("name", "text"))}
        tables = [("conformance_items", items)]
        if version >= 1:
            items["columns"] += _columns(("score", "int"))
            tags: dict[str, Any] = {
                "primaryKey": [["item_id", "bucket"], ["tag"]],
                "clusteringOrder": {"column": "tag", "isDescending": True},
                "columns": _columns(("item_id", "int"), ("bucket", "int"), ("tag", "text"), ("note", "text")),
                "properties": {"comment": "tags of items", "defaultTTL": 3600},
            }
            tables.append(("conformance_tags", tags))
        if version >= 2:
            items["columns"] = _columns(("id", "int"), ("name", "text"), ("labels", "set<text>"))
            tags["properties"]["comment"] = "tags, reshaped"
        return [self._table(name, block) for name, block in tables]

    def invalid_spec(self) -> tuple[SpecObject, str]:
        block = {"primaryKey": [["id"]], "columns": [{"name": "id", "type": "int"}, {"name": "broken"}]}
        return self._table("conformance_broken", block), "spec.schema.cassandra.columns[1].type"


class TestCassandraDriver(CassandraSpecs):
    @pytest.fixture
    def driver(self) -> Driver:
        return InProcessDriver(create_driver())


class TestCassandraDriverOverGrpc(CassandraSpecs):
    @pytest.fixture
    def driver(self) -> Iterator[Driver]:
        with DriverServer(create_driver(), "127.0.0.1:0") as server, DriverClient(server.target) as client:
            yield client
