"""`--plugin PATH|NAME`: paths pass through, names are checked, and the switch turns it all off."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from schemahero.cli.main import main
from schemahero.driver_api.errors import DriverError
from schemahero.plugins import choosing, digests, index, recording
from schemahero.plugins.index import Entry, Source

SPECS = Path(__file__).resolve().parents[3] / "examples/sqlite"


def loaded(executable: Path, name: str = "dev") -> Entry:
    entry = Entry(
        name=name,
        engine="sqlite",
        version="0.1.0",
        source=Source.LOCAL,
        location=str(executable),
        digest=digests.of_file(executable),
        executable=str(executable),
    )
    recording.record(entry)
    return entry


@pytest.fixture
def executable(tmp_path: Path) -> Path:
    script = tmp_path / "driver"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m schemahero.drivers.sqlite "$@"\n')
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    ("value", "on"), [(None, True), ("true", True), ("FALSE", False), ("0", False), ("off", False)]
)
def test_the_switch(value: str | None, on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if value is not None:
        monkeypatch.setenv(choosing.ENABLE_ENV, value)
    assert choosing.enabled() is on


def test_a_path_is_used_as_given_and_a_name_through_the_index(executable: Path) -> None:
    assert choosing.executable_for("./driver") == "./driver"
    loaded(executable)
    assert choosing.executable_for("dev") == str(executable)
    with pytest.raises(
        DriverError, match=r"--plugin other: no such executable, and no plugin of that name in .*index\.json"
    ):
        choosing.executable_for("other")


def test_a_loaded_executable_that_changed_is_refused(executable: Path) -> None:
    entry = loaded(executable)
    executable.write_text(executable.read_text() + "\n")
    with pytest.raises(
        DriverError, match=f"changed since it was loaded \\(expected {entry.digest}, got sha256:"
    ):
        choosing.executable_for("dev")
    executable.unlink()
    with pytest.raises(DriverError, match="got nothing"):
        choosing.executable_for("dev")


def test_a_pulled_plugin_whose_files_are_gone_is_refused(home: Path) -> None:
    digest = "sha256:" + "2" * 64
    recording.record(
        Entry("pg", "postgres", "1", Source.OCI, "ghcr.io/x:1", digest, str(home / "x" / "driver"))
    )
    with pytest.raises(DriverError, match=r"is incomplete: .*pull it again"):
        choosing.executable_for("pg")


def test_with_plugins_disabled_any_plugin_is_ignored_and_the_in_tree_driver_serves(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(choosing.ENABLE_ENV, "false")
    code = main(["plan", "--driver", "sqlite", "--uri", str(tmp_path / "x.db"), "--plugin", "no-such-plugin",
                 "--spec-file", str(SPECS)])  # fmt: skip
    assert code == 0 and 'create table "users"' in capsys.readouterr().out
    warning = "SCHEMAHERO_ENABLE_PLUGINS=false: ignoring --plugin no-such-plugin, using the in-tree driver"
    assert warning in caplog.messages
    assert not index.path().exists()
