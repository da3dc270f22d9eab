"""Connection URIs: a path, sqlite:PATH, file:PATH; a missing directory is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.drivers.sqlite.uris import Target, resolve


def test_forms(tmp_path: Path) -> None:
    db = tmp_path / "my db.sqlite"
    assert resolve(str(db)) == Target(str(db), False, db)
    assert resolve(f"sqlite://{tmp_path}/x.db?mode=ro") == Target(
        f"file://{tmp_path}/x.db?mode=ro", True, tmp_path / "x.db"
    )
    assert resolve(f"file:{tmp_path}/my%20db.sqlite").path == db
    assert resolve("sqlite:relative.db") == Target("file:relative.db", True, Path("relative.db"))
    assert resolve(":memory:").path is None
    assert resolve("file:x?mode=memory&cache=shared").path is None


@pytest.mark.parametrize("form", ["{}", "sqlite:{}", "file:{}"])
def test_a_missing_directory_is_named(tmp_path: Path, form: str) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(DriverError) as refused:
        resolve(form.format(missing / "db.sqlite"))
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT
    assert str(missing) in refused.value.message


@pytest.mark.parametrize("uri", ["", "  ", "file://example.com/db"])
def test_what_names_no_file_is_refused(uri: str) -> None:
    with pytest.raises(DriverError) as refused:
        resolve(uri)
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DriverError, match="is a directory"):
        resolve(str(tmp_path))
