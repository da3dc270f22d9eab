"""The MySQL and MariaDB driver (PyMySQL): tables, seed rows, the database's defaults.

MySQL's DDL is not transactional: a plan runs statement by statement under GET_LOCK, and a
failure leaves what ran before it in place.
"""

from __future__ import annotations

from schemahero.driver_api.engine import Inspection
from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.driver_api.types import Step
from schemahero.drivers.mysql import plan
from schemahero.drivers.mysql.apply import MysqlInspection
from schemahero.drivers.mysql.engine import MysqlEngine
from schemahero.schema.model import Desired


class MysqlDriver(EngineDriver):
    """EngineDriver, plus the database's own defaults, which no spec object carries.

    When the connection names a character set or collation that the database lacks, the plan
    starts with ALTER DATABASE (see database.py).
    """

    def _steps(self, inspection: Inspection, desired: Desired) -> list[Step]:
        steps = super()._steps(inspection, desired)
        options = inspection.database if isinstance(inspection, MysqlInspection) else None
        if options is not None and options.differs():
            return [plan.alter_database(options), *steps]
        return steps


def create_driver() -> EngineDriver:
    """The driver the entry points `schemahero.drivers: mysql` and `mariadb` name."""
    return MysqlDriver(MysqlEngine())


__all__ = ["MysqlDriver", "MysqlEngine", "create_driver"]
