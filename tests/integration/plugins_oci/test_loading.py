"""`plugin load`: a driver executable of this machine, recorded by name once it has answered."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from schemahero import __version__
from schemahero.plugins import digests
from tests.integration.plugins_oci.conftest import SPECS, run_cli


@pytest.fixture
def executable(tmp_path: Path) -> Path:
    script = tmp_path / "bin" / "my-sqlite-driver"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.sqlite "$@"\n')
    script.chmod(0o755)
    return script


def test_load_records_the_executable_and_plan_runs_it(
    fresh_home: Path, executable: Path, tmp_path: Path
) -> None:
    loaded = run_cli("plugin", "load", str(executable), "--name", "dev")
    assert loaded.code == 0, loaded.err
    digest = digests.of_file(executable)
    assert loaded.out.strip() == f"dev: schemahero-driver-sqlite {__version__} (local:{executable}) {digest}"
    (entry,) = json.loads(run_cli("plugin", "list", "-o", "json").out)
    assert (entry["engine"], entry["source"], entry["executable"]) == ("sqlite", "local", str(executable))
    planned = run_cli("plan", "--driver", "sqlite", "--uri", str(tmp_path / "x.db"), "--plugin", "dev",
                      "--spec-file", str(SPECS))  # fmt: skip
    assert planned.code == 0 and 'create table "orders"' in planned.out
    assert run_cli("plugin", "verify", "dev").out.splitlines()[-1].startswith("ok: executable ")


def test_a_loaded_executable_that_changed_is_refused_until_loaded_again(
    fresh_home: Path, executable: Path, tmp_path: Path
) -> None:
    assert run_cli("plugin", "load", str(executable)).code == 0
    executable.write_text(executable.read_text() + "# changed\n")
    plan = [
        "plan",
        "--driver",
        "sqlite",
        "--uri",
        str(tmp_path / "x.db"),
        "--plugin",
        "sqlite",
        "--spec-file",
    ]
    refused = run_cli(*plan, str(SPECS))
    assert refused.code == 1
    assert f"{executable} changed since it was loaded" in refused.err
    assert f"run `kubectl-schemahero plugin load {executable}` again" in refused.err
    assert run_cli("plugin", "verify", "sqlite").code == 1
    assert run_cli("plugin", "load", str(executable)).code == 0
    assert run_cli(*plan, str(SPECS)).code == 0


def test_load_refuses_what_does_not_serve_the_engine(fresh_home: Path, executable: Path) -> None:
    refused = run_cli("plugin", "load", str(executable), "--engine", "postgres")
    assert refused.code == 1
    assert "serves sqlite, not postgres" in refused.err
    assert run_cli("plugin", "list").out.splitlines()[1:] == []
