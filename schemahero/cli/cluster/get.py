"""`get databases|tables|migrations`: list SchemaHero objects of the cluster."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from schemahero.cli.cluster import printing, session
from schemahero.cli.cluster.flags import add_cluster_flags

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster

PENDING = (None, "PLANNED", "APPROVED")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "get",
        help="list databases, tables or migrations in the cluster",
        description="List SchemaHero objects of the cluster, as a table or as JSON or YAML.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for name, kind, help_text in (
        ("databases", "Database", "Databases, with their pending migrations"),
        ("tables", "Table", "Tables, with their database and state"),
        ("migrations", "Migration", "Migrations, with when each was planned, executed, approved, rejected"),
    ):
        sub = kinds.add_parser(name, help=help_text, description=f"List {help_text}.")
        add_cluster_flags(sub)
        if kind != "Database":
            sub.add_argument("-d", "--database", default="", help="only those of this database")
        sub.set_defaults(run=run, resource=kind)


def run(args: argparse.Namespace) -> int:
    async def action(cluster: Cluster) -> int:
        namespaces = await cluster.namespaces(args.namespace, args.all_namespaces)
        items = [i for ns in namespaces for i in await cluster.objects(args.resource, ns)]
        if getattr(args, "database", ""):
            items = [i for i in items if _database_of(i) == args.database]
        if args.output:
            sys.stdout.write(printing.objects(items, args.output))
            return 0
        if not items:
            print(printing.NOTHING)
            return 0
        migrations = (
            [m for ns in namespaces for m in await cluster.objects("Migration", ns)]
            if args.resource == "Database"
            else []
        )
        headers, rows = ROWS[args.resource](items, migrations)
        if args.all_namespaces and args.resource != "Database":
            headers = ["NAMESPACE", *headers]
            rows = [[i["metadata"]["namespace"], *r] for i, r in zip(items, rows, strict=True)]
        sys.stdout.write(printing.table(headers, rows))
        return 0

    return session.run(args, action)


def _database_of(item: dict[str, Any]) -> str:
    spec = item.get("spec") or {}
    return str(spec.get("databaseName") or spec.get("database") or "")


def _databases(
    items: list[dict[str, Any]], migrations: list[dict[str, Any]]
) -> tuple[list[str], list[list[str]]]:
    def pending(database: dict[str, Any]) -> int:
        meta = database["metadata"]
        return sum(
            1
            for m in migrations
            if m["metadata"]["namespace"] == meta["namespace"]
            and _database_of(m) == meta["name"]
            and (m.get("status") or {}).get("phase") in PENDING
        )

    rows = [[d["metadata"]["name"], d["metadata"]["namespace"], str(pending(d))] for d in items]
    return ["NAME", "NAMESPACE", "PENDING"], rows


def _tables(items: list[dict[str, Any]], _: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    return ["NAME", "DATABASE", "STATUS"], [
        [t["metadata"]["name"], _database_of(t), _state(t)] for t in items
    ]


def _migrations(items: list[dict[str, Any]], _: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    headers = ["ID", "DATABASE", "TABLE", "PLANNED", "EXECUTED", "APPROVED", "REJECTED"]
    rows = []
    for m in items:
        status = m.get("status") or {}
        rows.append(
            [
                m["metadata"]["name"],
                _database_of(m),
                str((m.get("spec") or {}).get("tableName", "")),
                *(
                    printing.age(status.get(k))
                    for k in ("plannedAt", "executedAt", "approvedAt", "rejectedAt")
                ),
            ]
        )
    return headers, rows


def _state(item: dict[str, Any]) -> str:
    """`Current` when Ready, else the reason it is not (kstatus's words)."""
    for condition in (item.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            return (
                "Current"
                if condition.get("status") == "True"
                else str(condition.get("reason") or "InProgress")
            )
    return "Unknown"


ROWS = {"Database": _databases, "Table": _tables, "Migration": _migrations}
