"""The local plugin index: the plugins that `plugin pull` and `plugin load` recorded, by name.

It is `<home>/index.json`, home being $SCHEMAHERO_PLUGIN_HOME or `<user cache dir>/schemahero/
plugins` ($XDG_CACHE_HOME, else ~/.cache). Pulled plugins are installed beside it, one folder per
manifest digest. Writers hold a lock file and replace the index by renaming a complete file
over it, so that concurrent commands neither lose an entry nor read half a file.
"""

from __future__ import annotations

import contextlib
import enum
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from schemahero.driver_api.errors import DriverError, invalid

HOME_ENV = "SCHEMAHERO_PLUGIN_HOME"
FORMAT = 1
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class Source(enum.StrEnum):
    OCI = "oci"
    """Pulled from a registry; `location` is the reference it was pulled by."""
    LOCAL = "local"
    """Loaded from this machine; `location` is the executable's path."""


@dataclass(frozen=True)
class Entry:
    """One recorded plugin; `--plugin NAME` runs its `executable`."""

    name: str
    engine: str
    version: str
    """The driver's version, as its GetPluginInfo reports it."""
    source: Source
    location: str
    digest: str
    """The pinned manifest digest (oci) or the executable's sha256 when it was loaded (local)."""
    executable: str
    driver: str = ""
    api_versions: tuple[str, ...] = ()
    plain_http: bool = False
    insecure: bool = False
    signed_by: str = ""
    """Fingerprint of the public key whose signature was verified when it was pulled."""

    @property
    def source_label(self) -> str:
        return f"{self.source.value}:{self.location}"

    def encode(self) -> dict[str, Any]:
        return {**asdict(self), "source": self.source.value, "api_versions": list(self.api_versions)}

    @classmethod
    def decode(cls, raw: dict[str, Any]) -> Entry:
        known = {k: v for k, v in raw.items() if k in _FIELDS}
        return cls(**{**known, "source": Source(raw["source"]), "api_versions": tuple(raw["api_versions"])})


_FIELDS = frozenset(f.name for f in fields(Entry))


def home() -> Path:
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "schemahero" / "plugins"


def path() -> Path:
    return home() / "index.json"


def load() -> dict[str, Entry]:
    """The recorded plugins by name; empty when nothing was ever recorded."""
    try:
        raw = json.loads(path().read_text(encoding="utf-8"))
        return {name: Entry.decode(entry) for name, entry in raw["plugins"].items()}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise invalid(f"the plugin index {path()} is damaged ({error!r}); remove it and pull again") from None


def valid_name(name: str) -> str:
    """A name `--plugin` can tell from a path: no '/', nothing a shell would mangle."""
    if not _NAME.fullmatch(name):
        raise invalid(f"{name!r} is not a plugin name: use lower case letters, digits, '.', '_' and '-'")
    return name


def find(name: str) -> Entry:
    entry = load().get(name)
    if entry is None:
        raise missing(name)
    return entry


def missing(name: str) -> DriverError:
    return invalid(f"no plugin named {name!r} in {path()} (see `kubectl-schemahero plugin list`)")


@contextlib.contextmanager
def editing() -> Iterator[dict[str, Entry]]:
    """The entries, to change in place; saved when the block ends without error."""
    with locked(".index.lock"):
        entries = load()
        yield entries
        _save(entries)


@contextlib.contextmanager
def locked(name: str) -> Iterator[None]:
    """An exclusive lock on `<home>/<name>` across processes."""
    home().mkdir(parents=True, exist_ok=True)
    with (home() / name).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save(entries: dict[str, Entry]) -> None:
    document = {"format": FORMAT, "plugins": {name: entries[name].encode() for name in sorted(entries)}}
    write_atomically(path(), json.dumps(document, indent=2).encode() + b"\n")


def write_atomically(target: Path, content: bytes, mode: int = 0o644) -> None:
    """Readers see the old file or the new one, never a part of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
