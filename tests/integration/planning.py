"""What every engine's integration tests do with a driver: build specs, plan, apply, converge."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from schemahero.driver_api import Connection, Driver, Plan, PlanOptions, StepResult, StepStatus
from schemahero.schema.documents import SpecObject

Query = Callable[[str], list[tuple[Any, ...]]]
"""Rows of one query on the test database, read by the test itself, not by the driver."""


def table(name: str, block: dict[str, Any], *, engine: str, **spec: Any) -> SpecObject:
    """A Table object with a `spec.schema.<engine>` block."""
    body = {"name": name, "schema": {engine: block}, **spec}
    return SpecObject("Table", name, body, f"test: Table {name}")


def plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    result = driver.plan(connection, objects, PlanOptions(seed_data=True))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result


def apply(
    driver: Driver, connection: Connection, planned: Plan, objects: Sequence[SpecObject]
) -> list[StepResult]:
    """The results of a planned apply, every one of which must be APPLIED."""
    results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
    failed = [r for r in results if r.status is not StepStatus.APPLIED]
    assert not failed, (failed, sql(planned))
    return results


def converge(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
    """Plan, apply, and check that planning again finds nothing; the plan that was applied."""
    planned = plan(driver, connection, objects)
    apply(driver, connection, planned, objects)
    again = plan(driver, connection, objects)
    assert not again.steps, sql(again)
    return planned


def statuses(results: Sequence[StepResult]) -> list[StepStatus]:
    return [r.status for r in sorted(results, key=lambda r: r.index)]


def sql(planned: Plan) -> list[str]:
    return [step.sql for step in planned.steps]
