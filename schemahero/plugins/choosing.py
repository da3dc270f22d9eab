"""What `--plugin` names: a driver executable, or a plugin of the index checked before it runs.

An indexed plugin runs only while it still matches what was pulled or loaded: a pulled one's
files must hash as they did, a loaded executable must be the file that was loaded, and when a
public key is configured a pulled plugin must carry a signature by that key (the signature
stored at pull time is checked again here, offline). SCHEMAHERO_ENABLE_PLUGINS=false turns all
of this off: the drivers installed with SchemaHero serve, in-process.
"""

from __future__ import annotations

import os
from pathlib import Path

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid
from schemahero.plugins import digests, index, installs, signatures
from schemahero.plugins.index import Entry, Source

ENABLE_ENV = "SCHEMAHERO_ENABLE_PLUGINS"
_OFF = frozenset({"false", "0", "no", "off"})


def enabled() -> bool:
    return os.environ.get(ENABLE_ENV, "true").strip().lower() not in _OFF


def executable_for(plugin: str) -> str:
    """The executable to start for `--plugin plugin`: a path as given, else an indexed plugin's."""
    if "/" in plugin:
        return plugin
    entry = index.load().get(plugin)
    if entry is None:
        if Path(plugin).is_file():
            return plugin
        raise invalid(
            f"--plugin {plugin}: no such executable, and no plugin of that name in {index.path()} "
            "(`kubectl-schemahero plugin list` shows them)"
        )
    check(entry)
    return entry.executable


def check(entry: Entry) -> None:
    """Refuse an indexed plugin that changed since it was recorded, or lacks a required signature."""
    if entry.source is Source.LOCAL:
        path = Path(entry.executable)
        actual = digests.of_file(path) if path.is_file() else "nothing"
        if actual != entry.digest:
            raise DriverError(
                ErrorCode.FAILED_PRECONDITION,
                f"plugin {entry.name}: {path} changed since it was loaded (expected {entry.digest}, "
                f"got {actual}); run `kubectl-schemahero plugin load {path}` again to accept it",
            )
        return
    installed = installs.opened(installs.folder_of(entry.digest), entry.digest)
    if found := installs.problems(installed):
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"plugin {entry.name} ({entry.source_label}@{entry.digest}) no longer matches what was "
            f"pulled: {found[0]}"
            + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
            + f"; `kubectl-schemahero plugin verify {entry.name}` tells more, pulling it again repairs it",
        )
    key = signatures.configured_public_key()
    if key is not None:
        signatures.verify(installs.signatures(installed), key, entry.digest, f"plugin {entry.name}")
