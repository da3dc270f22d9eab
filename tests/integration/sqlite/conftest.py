"""SQLite needs no server: each test gets a fresh database file (tests/servers/sqlite.py)."""

from __future__ import annotations

from functools import partial

import pytest

from tests.integration import planning

table = partial(planning.table, engine="sqlite")


@pytest.fixture(scope="session")
def engine() -> str:
    return "sqlite"
