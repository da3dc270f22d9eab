"""The driver conformance kit: tests every driver must pass, whatever its engine.

Use it from a driver's tests by subclassing, and provide two pytest fixtures::

    class TestMyDriver(DriverConformance):
        engine = "mydb"

        @pytest.fixture
        def driver(self) -> Driver: ...        # in-process or a DriverClient over gRPC

        @pytest.fixture
        def connection(self) -> Connection: ... # a fresh, empty database

The default specs are plain SQL tables in `spec.schema.<engine>`; an engine whose tables look
different (Cassandra) overrides `specs` and `invalid_spec`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import (
    API_VERSION,
    Capability,
    Connection,
    Plan,
    PlanOptions,
    StepResult,
    StepStatus,
)
from schemahero.schema.diagnostics import Severity
from schemahero.schema.documents import SpecObject


def _column(name: str, type_: str, *, not_null: bool = False, default: str | None = None) -> dict[str, Any]:
    column: dict[str, Any] = {"name": name, "type": type_}
    if not_null:
        column["constraints"] = {"notNull": True}
    if default is not None:
        column["default"] = default
    return column


class DriverConformance:
    """Plan, apply, plan again: nothing left. Plus stale plans, idempotence, diagnostics, export."""

    engine: str = ""

    # --- what a subclass may override -------------------------------------------------------

    def specs(self, version: int) -> list[SpecObject]:
        """Three successive desired states of two tables (0: create, 1: grow, 2: reshape)."""
        items: dict[str, Any] = {
            "primaryKey": ["id"],
            "columns": [_column("id", "integer", not_null=True), _column("name", "varchar(100)")],
        }
        tables = [("conformance_items", items)]
        if version >= 1:
            items["columns"].append(_column("score", "integer", default="0"))
            items["indexes"] = [{"columns": ["name"]}]
            tags = {
                "primaryKey": ["id"],
                "columns": [_column("id", "integer", not_null=True), _column("item_id", "integer")],
                "foreignKeys": [
                    {
                        "columns": ["item_id"],
                        "references": {"table": "conformance_items", "columns": ["id"]},
                        "onDelete": "cascade",
                    }
                ],
            }
            tables.append(("conformance_tags", tags))
        if version >= 2:
            items["columns"] = [
                _column("id", "integer", not_null=True),
                _column("name", "varchar(100)", not_null=True, default="unnamed"),
            ]
            items["indexes"] = [{"columns": ["name"], "isUnique": True}]
        return [self._table(name, block) for name, block in tables]

    def seeded_spec(self) -> SpecObject:
        spec = self.specs(0)[0]
        rows = [
            {
                "columns": [
                    {"column": "id", "value": {"int": i}},
                    {"column": "name", "value": {"str": f"it's {i}"}},
                ]
            }
            for i in (1, 2)
        ]
        return SpecObject(spec.kind, spec.name, {**spec.spec, "seedData": {"rows": rows}}, spec.source)

    def invalid_spec(self) -> tuple[SpecObject, str]:
        """A spec with one error, and the field path its diagnostic must name."""
        block = {"columns": [_column("id", "integer"), {"name": "broken"}]}
        return self._table("conformance_broken", block), f"spec.schema.{self.engine}.columns[1].type"

    # --- the tests --------------------------------------------------------------------------

    def test_identity(self, driver: Driver) -> None:
        info = driver.plugin_info()
        assert API_VERSION in info.api_versions
        assert self.engine in info.engines
        assert driver.probe() is True

    def test_check_connection(self, driver: Driver, connection: Connection) -> None:
        assert driver.check_connection(connection).server_version

    def test_plans_converge(self, driver: Driver, connection: Connection) -> None:
        for version in range(3):
            objects = self.specs(version)
            plan = self._plan(driver, connection, objects)
            assert plan.steps, f"version {version}: nothing planned"
            self._apply(driver, connection, plan, objects)
            again = self._plan(driver, connection, objects)
            assert not again.steps, f"version {version} did not converge: {_sql(again)}"

    def test_apply_is_idempotent(self, driver: Driver, connection: Connection) -> None:
        objects = self.specs(0)
        plan = self._plan(driver, connection, objects)
        self._apply(driver, connection, plan, objects)
        results = self._apply(driver, connection, plan, objects)
        assert {r.status for r in results} == {StepStatus.SKIPPED}
        assert not self._plan(driver, connection, objects).steps

    def test_stale_plan_is_refused(self, driver: Driver, connection: Connection) -> None:
        self._apply(driver, connection, self._plan(driver, connection, self.specs(0)), self.specs(0))
        first = self._plan(driver, connection, self.specs(1))
        meanwhile = self.specs(2)
        self._apply(driver, connection, self._plan(driver, connection, meanwhile), meanwhile)
        with pytest.raises(DriverError) as refused:
            list(driver.apply(connection, first.steps, first.source_hash))
        assert refused.value.code is ErrorCode.FAILED_PRECONDITION
        assert not self._plan(driver, connection, meanwhile).steps, "a refused plan changed the database"

    def test_invalid_spec_gives_diagnostics(self, driver: Driver, connection: Connection) -> None:
        spec, path = self.invalid_spec()
        errors = [d for d in driver.validate_spec([spec]) if d.severity is Severity.ERROR]
        assert [d.path for d in errors] == [path]
        assert errors[0].source == spec.source
        plan = driver.plan(connection, [spec])
        assert not plan.steps and not plan.ok

    def test_export_round_trip(self, driver: Driver, connection: Connection) -> None:
        if Capability.EXPORT_SPEC not in driver.capabilities():
            pytest.skip(f"{self.engine} does not export specs")
        objects = self.specs(1)
        self._apply(driver, connection, self._plan(driver, connection, objects), objects)
        exported = driver.export_spec(connection)
        assert {o.name for o in exported} >= {o.name for o in objects}
        plan = self._plan(driver, connection, exported)
        assert not plan.steps, f"export did not describe the database: {_sql(plan)}"

    def test_seed_rows_converge(self, driver: Driver, connection: Connection) -> None:
        if Capability.SEED_DATA not in driver.capabilities():
            pytest.skip(f"{self.engine} has no seed data")
        objects = [self.seeded_spec()]
        plan = self._plan(driver, connection, objects)
        self._apply(driver, connection, plan, objects)
        assert not self._plan(driver, connection, objects).steps

    def test_fixtures_without_database(self, driver: Driver) -> None:
        if Capability.FIXTURES not in driver.capabilities():
            pytest.skip(f"{self.engine} does not generate fixtures")
        statements = driver.generate_fixtures(self.specs(1))
        assert len(statements) >= 2 and all(s.strip() for s in statements)

    # --- helpers ------------------------------------------------------------------------------

    def _table(self, name: str, block: dict[str, Any]) -> SpecObject:
        spec = {"database": "conformance", "name": name, "schema": {self.engine: block}}
        return SpecObject("Table", name, spec, f"conformance: Table {name}")

    @staticmethod
    def _plan(driver: Driver, connection: Connection, objects: Sequence[SpecObject]) -> Plan:
        plan = driver.plan(connection, objects, PlanOptions(seed_data=True))
        assert plan.ok, [str(d) for d in plan.diagnostics]
        return plan

    @staticmethod
    def _apply(
        driver: Driver, connection: Connection, plan: Plan, objects: Sequence[SpecObject]
    ) -> list[StepResult]:
        results = list(driver.apply(connection, plan.steps, plan.source_hash, objects))
        failed = [r for r in results if r.status is StepStatus.FAILED]
        assert not failed, f"{failed}: {_sql(plan)}"
        return results


def _sql(plan: Plan) -> list[str]:
    return [step.sql for step in plan.steps]
