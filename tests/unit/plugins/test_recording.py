"""An installed plugin's files go when the last index entry that uses them goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError
from schemahero.plugins import index, installs, recording
from schemahero.plugins.index import Entry, Source

DIGEST = "sha256:" + "3" * 64
NEWER = "sha256:" + "4" * 64


def pulled(name: str, digest: str = DIGEST) -> Entry:
    folder = installs.folder_of(digest)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "installed.json").write_text("{}")
    return Entry(name, "postgres", "1", Source.OCI, "ghcr.io/x:1", digest, str(folder / "driver"))


def test_files_stay_while_another_name_uses_them() -> None:
    recording.record(pulled("a"))
    recording.record(pulled("b"))
    assert recording.remove("a").name == "a"
    assert installs.folder_of(DIGEST).is_dir()
    recording.remove("b")
    assert not installs.folder_of(DIGEST).exists()
    assert index.load() == {}


def test_a_replaced_entry_takes_its_unused_files_along() -> None:
    old = pulled("pg")
    recording.record(old)
    assert recording.record(pulled("pg", NEWER)) == old
    assert not installs.folder_of(DIGEST).exists() and installs.folder_of(NEWER).is_dir()


def test_removing_an_unknown_name_is_an_error(home: Path) -> None:
    with pytest.raises(DriverError, match="no plugin named 'ghost'"):
        recording.remove("ghost")
