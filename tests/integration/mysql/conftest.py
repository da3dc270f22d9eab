"""A MariaDB server for the session (tests/servers/mysql.py), a fresh database for each test."""

from __future__ import annotations

from functools import partial

import pytest

from tests.integration import planning

table = partial(planning.table, engine="mysql")


@pytest.fixture(scope="session")
def engine() -> str:
    return "mysql"
