"""A PostgreSQL server for the session (tests/servers/postgres.py), a fresh database per test.

The timescaledb flavour runs on the same server (without the extension, it is PostgreSQL's).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import partial
from typing import Any

import psycopg
import pytest

from schemahero.driver_api import Driver
from schemahero.drivers.timescaledb import create_driver as create_timescale_driver
from tests.integration import planning
from tests.servers.base import TestDatabase

table = partial(planning.table, engine="postgres")


@pytest.fixture(scope="session")
def engine() -> str:
    return "postgres"


@pytest.fixture
def timescale_driver() -> Driver:
    return create_timescale_driver()


@pytest.fixture
def db(database: TestDatabase) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    """An open autocommit connection to the test database."""
    with contextlib.closing(psycopg.connect(database.uri, autocommit=True)) as conn:
        yield conn
