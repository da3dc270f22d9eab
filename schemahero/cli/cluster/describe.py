"""`describe migration NAME`: a Migration's statements, their hazards, pre-flight counts and
rollout phases, its approval, and what can be done with it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from schemahero.cli import reporting
from schemahero.cli.cluster import printing, session, steps
from schemahero.cli.cluster.flags import add_cluster_flags
from schemahero.driver_api.rollout import Rollout

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("describe", help="show a migration's statements and how to act on it")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    sub = kinds.add_parser(
        "migration",
        help="show a migration",
        description="Print the statements of a Migration with, per statement, its rollout "
        "phase (expand: safe before the application rollout; contract: only after it), hazards, "
        "pre-flight row counts and result; the approval policy, and the commands that approve, "
        "recalculate or reject it.",
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
    """Upstream's description, with the approval, and each step's phase, hazards, checks, result."""
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
        *_approval(status),
        "",
        f"Generated DDL Statement (generated at {planned}): ",
        "  " + str(spec.get("generatedDDL", "")).rstrip("\n").replace("\n", "\n  "),
    ]
    stored = steps.of(migration)
    if stored:
        lines += ["", "Steps:", *(line for n, step in enumerate(stored, 1) for line in _step(n, step))]
    if stored and all(step.get("rollout") for step in stored):
        lines += ["", f"Rollout: {rollout_summary(stored)}"]
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


def rollout_summary(stored: list[dict[str, Any]]) -> str:
    """Which statements to apply before the application rollout, which after it."""
    expand = [n for n, s in enumerate(stored, 1) if s.get("rollout") == Rollout.EXPAND]
    contract = [n for n, s in enumerate(stored, 1) if s.get("rollout") == Rollout.CONTRACT]
    first = (
        f"expand: {steps.numbers(expand)} (safe before the application rollout)" if expand else "expand: none"
    )
    if not contract:
        return f"{first}; contract: none"
    after = "after it" if expand else "after the application rollout"
    return f"{first}; contract: {steps.numbers(contract)} ({after})"


def _approval(status: dict[str, Any]) -> list[str]:
    """The policy that approves (or holds) the Migration, and why it is held, when it is."""
    lines = [f"Approval: {status.get('approval') or 'not recorded (planned before approval policies)'}"]
    for condition in status.get("conditions") or []:
        reason = str(condition.get("reason") or "")
        if (
            condition.get("type") == "Ready"
            and condition.get("status") != "True"
            and reason.startswith("Held")
        ):
            lines.append(
                f"Held: {reason}" + (f": {condition['message']}" if condition.get("message") else "")
            )
    return lines


def _step(number: int, step: dict[str, Any]) -> list[str]:
    phase = f"{step['rollout']}: " if step.get("rollout") else ""
    lines = [f"  {number}. {phase}{reporting.first_line(str(step.get('sql', '')))}"]
    lines += [f"     hazard: {h.get('kind')}: {h.get('message', '')}" for h in step.get("hazards") or []]
    lines += [f"     check: {steps.check_text(c)}" for c in step.get("checks") or []]
    result = step.get("result")
    if result:
        lines.append(
            f"     result: {result.get('status')}"
            + (f": {result['message']}" if result.get("message") else "")
        )
    return lines
