"""`describe migration NAME`: a Migration's statements, hazards, and what can be done with it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from schemahero.cli.cluster import printing, session
from schemahero.cli.cluster.flags import add_cluster_flags

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("describe", help="show a migration's statements and how to act on it")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    sub = kinds.add_parser(
        "migration",
        help="show a migration",
        description="Print the statements of a Migration, their hazards, and the commands "
        "that approve, recalculate or reject it.",
    )
    sub.add_argument("name", metavar="NAME")
    add_cluster_flags(sub)
    sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    async def action(cluster: Cluster) -> int:
        namespaces = await cluster.namespaces(args.namespace, args.all_namespaces)
        migration = await cluster.find("Migration", args.name, namespaces)
        if args.output:
            sys.stdout.write(printing.one(migration, args.output))
        else:
            sys.stdout.write(text(migration))
        return 0

    return session.run(args, action)


def text(migration: dict[str, Any]) -> str:
    """Upstream's description, with the phase and each step's hazards added."""
    meta, spec = migration["metadata"], migration.get("spec") or {}
    status = migration.get("status") or {}
    base = "kubectl schemahero"
    if meta.get("namespace", "default") != "default":
        base += f" -n {meta['namespace']}"
    planned = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(status.get("plannedAt") or 0))
    lines = [
        "",
        f"Migration Name: {meta['name']}",
        "",
        f"Phase: {status.get('phase', 'PLANNED')}"
        + (f" ({status['message']})" if status.get("message") else ""),
        "",
        f"Generated DDL Statement (generated at {planned}): ",
        "  " + str(spec.get("generatedDDL", "")).rstrip("\n").replace("\n", "\n  "),
    ]
    hazards = [
        f"  step {number}: {hazard.get('kind')}: {hazard.get('message', '')}"
        for number, step in enumerate(status.get("steps") or [], 1)
        for hazard in step.get("hazards") or []
    ]
    if hazards:
        lines += ["", "Hazards:", *hazards]
    lines += [
        "",
        "To apply this migration:",
        f"  {base} approve migration {meta['name']}",
        "",
        "To recalculate this migration against the current schema:",
        f"  {base} recalculate migration {meta['name']}",
        "",
        "To deny and cancel this migration:",
        f"  {base} reject migration {meta['name']}",
        "",
    ]
    return "\n".join(lines)
