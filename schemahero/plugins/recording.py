"""The index and the installed folders change together: an entry in, an unused folder out."""

from __future__ import annotations

import shutil

from schemahero.plugins import index, installs
from schemahero.plugins.index import Entry, Source


def record(entry: Entry) -> Entry | None:
    """Put `entry` in the index; the entry it replaces is returned, its files dropped if unused."""
    with index.editing() as entries:
        previous = entries.get(entry.name)
        entries[entry.name] = entry
    if previous is not None and previous.source is Source.OCI and previous.digest != entry.digest:
        discard_unused(previous.digest)
    return previous


def remove(name: str) -> Entry:
    """Forget a plugin, and delete its installed files when no other entry uses them."""
    with index.editing() as entries:
        entry = entries.pop(name, None)
    if entry is None:
        raise index.missing(name)
    if entry.source is Source.OCI:
        discard_unused(entry.digest)
    return entry


def discard_unused(digest: str) -> None:
    folder = installs.folder_of(digest)
    with index.locked(f".{folder.name}.lock"):
        if not any(e.source is Source.OCI and e.digest == digest for e in index.load().values()):
            shutil.rmtree(folder, ignore_errors=True)
