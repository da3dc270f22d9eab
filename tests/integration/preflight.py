"""What the pre-flight tests of every engine read from a plan and from a refused apply."""

from __future__ import annotations

from schemahero.driver_api import Connection, Driver, Plan, StepStatus


def counted(planned: Plan) -> list[tuple[str, int | None]]:
    """Each check of the plan as (description, rows counted when planning)."""
    return [(c.description, c.violations) for s in planned.steps for c in s.checks]


def refused(driver: Driver, connection: Connection, planned: Plan) -> str:
    """The one result of an apply that the pre-flight checks stop."""
    results = list(driver.apply(connection, planned.steps, planned.source_hash))
    assert [r.status for r in results] == [StepStatus.FAILED]
    return results[0].message
