"""Running a cluster command: its client library is loaded only then."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from schemahero.cli import reporting

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


def run(args: argparse.Namespace, action: Callable[[Cluster], Awaitable[int]]) -> int:
    """Run `action` against the cluster the flags name; 1 with a message if it cannot."""
    try:
        # Only cluster commands need kubernetes_asyncio (the operator extra): import it here.
        from schemahero.cli.cluster import api  # noqa: PLC0415
    except ImportError as error:
        reporting.say(f"error: cluster commands need schemahero[cluster] installed ({error})")
        return 1
    return api.run(args, action)
