"""The operator's drivers: in-tree, or a plugin executable kept running until the pool closes
(sidecars: test_sidecars_pool.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Connection
from schemahero.plugins.pool import IN_TREE, LOCAL_PATH, DriverPool


@pytest.fixture
def pool() -> DriverPool:
    return DriverPool()


def test_in_tree_driver_is_loaded_once(pool: DriverPool, tmp_path: Path) -> None:
    try:
        first = pool.driver("sqlite")
        assert first.source == IN_TREE and "sqlite" in first.info.engines
        assert pool.driver("sqlite") is first
        info = first.driver.check_connection(Connection(uri=str(tmp_path / "x.db")))
        assert info.server_version
    finally:
        pool.close()


def test_a_plugin_executable_keeps_running_until_close(pool: DriverPool, tmp_path: Path) -> None:
    script = tmp_path / "sqlite-driver"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m schemahero.drivers.sqlite "$@"\n')
    script.chmod(0o755)
    try:
        resolved = pool.driver("sqlite", str(script))
        assert (resolved.source, resolved.location) == (LOCAL_PATH, str(script))
        assert pool.driver("sqlite", str(script)) is resolved
        assert resolved.driver.probe()
        pool.discard("sqlite", resolved)
        again = pool.driver("sqlite", str(script))
        assert again is not resolved and again.driver.probe()
    finally:
        pool.close()


def test_a_plugin_of_another_engine_is_refused(pool: DriverPool, tmp_path: Path) -> None:
    script = tmp_path / "sqlite-driver"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m schemahero.drivers.sqlite "$@"\n')
    script.chmod(0o755)
    with pytest.raises(DriverError) as refused:
        pool.driver("postgres", str(script))
    assert refused.value.code is ErrorCode.FAILED_PRECONDITION
    assert "not postgres" in refused.value.message


def test_an_unknown_engine_is_unimplemented(pool: DriverPool) -> None:
    with pytest.raises(DriverError) as refused:
        pool.driver("oracle")
    assert refused.value.code is ErrorCode.UNIMPLEMENTED
