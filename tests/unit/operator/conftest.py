"""Bodies and plans as the operator's decisions receive them, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from schemahero.driver_api.types import Plan, Step, StepKind
from schemahero.operator.planning import Source
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef

USERS_SPEC: dict[str, Any] = {
    "database": "shop",
    "name": "users",
    "schema": {"sqlite": {"primaryKey": ["id"], "columns": [{"name": "id", "type": "integer"}]}},
}


def table_body(
    spec: dict[str, Any] | None = None, annotations: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "apiVersion": "schemas.schemahero.io/v1alpha4",
        "kind": "Table",
        "metadata": {
            "name": "users",
            "namespace": "shop",
            "uid": "0b7c6a8e-1111-2222-3333-444455556666",
            "generation": 3,
            "annotations": annotations or {},
        },
        "spec": spec or USERS_SPEC,
    }


def a_plan(*sql: str, source_hash: str = "h1") -> Plan:
    steps = tuple(
        Step(
            text,
            StepKind.CREATE_TABLE,
            ObjectRef("table", "users"),
            (Hazard(HazardKind.CHANGES_DATA, "seed"),) if "insert" in text else (),
        )
        for text in sql
    )
    return Plan(steps, source_hash)


@pytest.fixture
def users() -> Source:
    return Source.of(table_body())
