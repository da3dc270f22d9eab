"""The local plugin index: where it lives, what survives a save, and a damaged file's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError
from schemahero.plugins import index
from schemahero.plugins.index import Entry, Source

ENTRY = Entry(
    name="pg",
    engine="postgres",
    version="0.1.0",
    source=Source.OCI,
    location="ghcr.io/schemahero/schemahero-driver-postgres:0.1.0",
    digest="sha256:" + "1" * 64,
    executable="/somewhere/driver",
    driver="schemahero-driver-postgres",
    api_versions=("v1",),
    signed_by="SHA256:abc",
)


def test_home_is_the_override_else_the_user_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert index.path() == Path(str(tmp_path / "plugin-home")) / "index.json"
    monkeypatch.delenv(index.HOME_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert index.home() == tmp_path / "cache" / "schemahero" / "plugins"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert index.home() == Path.home() / ".cache" / "schemahero" / "plugins"


def test_entries_survive_a_save_and_nothing_else_is_left_behind(home: Path) -> None:
    assert index.load() == {}
    with index.editing() as entries:
        entries["pg"] = ENTRY
    assert index.load() == {"pg": ENTRY}
    assert index.find("pg").source_label == "oci:ghcr.io/schemahero/schemahero-driver-postgres:0.1.0"
    assert sorted(p.name for p in home.iterdir()) == [".index.lock", "index.json"]


def test_a_failed_edit_changes_nothing() -> None:
    with index.editing() as entries:
        entries["pg"] = ENTRY
    with pytest.raises(RuntimeError), index.editing() as entries:
        del entries["pg"]
        raise RuntimeError("interrupted")
    assert index.load() == {"pg": ENTRY}


def test_a_damaged_index_and_an_unknown_name_say_what_to_do(home: Path) -> None:
    with pytest.raises(DriverError, match=r"no plugin named 'nope' in .*plugin list"):
        index.find("nope")
    home.mkdir()
    index.path().write_text("{not json")
    with pytest.raises(DriverError, match=r"is damaged .* remove it and pull again"):
        index.load()


@pytest.mark.parametrize("name", ["../x", "a/b", "Upper", "", "-dash"])
def test_names_that_could_be_paths_are_refused(name: str) -> None:
    with pytest.raises(DriverError, match="is not a plugin name"):
        index.valid_name(name)
