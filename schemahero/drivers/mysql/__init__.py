"""The MySQL and MariaDB driver (PyMySQL): tables, seed rows, the database's defaults.

MySQL's DDL is not transactional: a plan runs statement by statement under GET_LOCK, and a
failure leaves what ran before it in place.
"""

from __future__ import annotations

from schemahero.driver_api.engine_driver import EngineDriver
from schemahero.drivers.mysql.engine import MysqlEngine


def create_driver() -> EngineDriver:
    """The driver the entry points `schemahero.drivers: mysql` and `mariadb` name."""
    return EngineDriver(MysqlEngine())


__all__ = ["MysqlEngine", "create_driver"]
