"""Where the database is: a file path, `sqlite:PATH` or an SQLite `file:` URI."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from schemahero.driver_api.errors import invalid


@dataclass(frozen=True)
class Target:
    """What sqlite3.connect takes (`database`, `uri`), and the file it opens (None: memory)."""

    database: str
    uri: bool
    path: Path | None


def resolve(uri: str) -> Target:
    """The target of a connection URI; INVALID_ARGUMENT when it cannot name a database file.

    `sqlite:PATH` is read as `file:PATH`: `sqlite:///abs/db`, `sqlite:relative.db`, and query
    parameters such as `?mode=ro` as SQLite defines them for file: URIs.
    """
    text = uri.strip()
    if not text:
        raise invalid("no SQLite database given: pass a file path, sqlite:PATH or file:PATH")
    if text.startswith("sqlite:"):
        text = "file:" + text.removeprefix("sqlite:")
    if not text.startswith("file:"):
        target = Target(text, False, None if text == ":memory:" else Path(text))
    else:
        parts = urllib.parse.urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise invalid(f"{uri}: an SQLite URI names no host, only a file")
        path = urllib.parse.unquote(parts.path)
        memory = path == ":memory:" or "mode=memory" in parts.query.split("&")
        target = Target(text, True, None if memory else Path(path))
    if target.path is not None:
        _check_place(target.path)
    return target


def _check_place(path: Path) -> None:
    if path.is_dir():
        raise invalid(f"{path} is a directory, not an SQLite database file")
    if not path.parent.is_dir():
        raise invalid(f"{path.parent}: no such directory (for the SQLite database {path})")
