"""What `approve`, `reject` and `recalculate migration NAME` share: finding the Migration."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from schemahero.cli.cluster import session
from schemahero.cli.cluster.flags import add_cluster_flags

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster

Decide = Callable[["Cluster", dict[str, Any]], Awaitable[int]]
OPEN = (None, "PLANNED", "APPROVED")
"""Phases in which a Migration can still be approved or rejected."""


def register_decision(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], verb: str, help_text: str, decide: Decide
) -> None:
    parser = commands.add_parser(verb, help=help_text)
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    sub = kinds.add_parser(
        "migration", help=help_text, description=help_text[0].upper() + help_text[1:] + "."
    )
    sub.add_argument("name", metavar="NAME")
    add_cluster_flags(sub, output=False)
    sub.set_defaults(run=lambda args: _run(args, decide))


def _run(args: argparse.Namespace, decide: Decide) -> int:
    async def action(cluster: Cluster) -> int:
        namespaces = await cluster.namespaces(args.namespace, args.all_namespaces)
        return await decide(cluster, await cluster.find("Migration", args.name, namespaces))

    return session.run(args, action)


def name_and_phase(migration: dict[str, Any]) -> tuple[str, Any]:
    return migration["metadata"]["name"], (migration.get("status") or {}).get("phase")
