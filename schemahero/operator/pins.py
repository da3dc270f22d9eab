"""Image references pinned to digests, once: what the sidecar and Database reconcilers share.

A reference is resolved the first time a Database names it, and keeps its digest while any
Database names it; the Deployment's annotation carries the pins across the operator's restarts
(the sidecar reconciler loads them first, and Databases wait for that). So a tag that moves in
the registry changes nothing running: a new digest comes only with a new reference.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping

LOAD_TIMEOUT = 30.0


class Pins:
    def __init__(self) -> None:
        self._pinned: dict[str, str] = {}
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._loaded = asyncio.Event()
        self.wanted = asyncio.Event()
        """Set when the Databases may need other sidecars: the sidecar reconciler looks again."""
        self.trusted: set[str] = set()
        """Pinned images whose signature verified with the configured key in this run (pins loaded
        from the Deployment are checked again: the key may be new)."""

    def load(self, recorded: Mapping[str, str]) -> None:
        """The pins the Deployment records, for references not pinned yet; Databases may go on."""
        for ref, image in recorded.items():
            self._pinned.setdefault(ref, image)
        self._loaded.set()

    async def pinned(self, ref: str, resolve: Callable[[], Awaitable[str]]) -> str:
        """The image `ref` is pinned to, resolved (once, whoever asks) when it is new."""
        if not self._loaded.is_set():
            with contextlib.suppress(TimeoutError):  # the Deployment cannot be read: pins start afresh
                await asyncio.wait_for(self._loaded.wait(), LOAD_TIMEOUT)
        if ref not in self._pinned:
            async with self._locks[ref]:
                if ref not in self._pinned:
                    self._pinned[ref] = await resolve()
        return self._pinned[ref]

    def keep_only(self, refs: Iterable[str]) -> dict[str, str]:
        """Forget the pins of references no Database names; the remaining ones."""
        keep = set(refs)
        for ref in [r for r in self._pinned if r not in keep]:
            del self._pinned[ref]
            self._locks.pop(ref, None)
        return dict(sorted(self._pinned.items()))
