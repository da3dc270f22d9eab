"""`generate`: Table specs that describe a live database, with a kustomization.yaml."""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from schemahero.cli import reporting
from schemahero.cli.connection import add_connection_flags, connection_from
from schemahero.driver_api.types import ExportScope
from schemahero.plugins import open_driver
from schemahero.schema.documents import API_GROUP, SpecObject

API_VERSION = f"{API_GROUP}/v1alpha4"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "generate",
        help="write specs that describe a live database",
        description="Read the database's tables and write one Table object per table, plus a "
        "kustomization.yaml listing them, so that the database can be managed from then on.",
    )
    add_connection_flags(parser)
    parser.add_argument("--dbname", required=True, help="name of the Database object the specs belong to")
    parser.add_argument(
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="write one YAML file per table here (default: all to stdout)",
    )
    parser.add_argument(
        "--schema",
        action="append",
        default=[],
        metavar="NAME",
        help="only tables of this schema (PostgreSQL); repeat for several",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_driver(args.driver, args.plugin) as driver:
        objects = driver.export_spec(connection_from(args), ExportScope(schemas=tuple(args.schema)))
    documents = _documents(objects, args.dbname)
    if args.output_dir is None:
        print(yaml.safe_dump_all([doc for _, doc in documents], sort_keys=False), end="")
    else:
        args.output_dir.mkdir(parents=True, exist_ok=True)
        for filename, doc in documents:
            (args.output_dir / filename).write_text(yaml.safe_dump(doc, sort_keys=False))
        kustomization = {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [filename for filename, _ in documents],
        }
        (args.output_dir / "kustomization.yaml").write_text(yaml.safe_dump(kustomization, sort_keys=False))
    reporting.say(f"{len(documents)} specs generated")
    return 0


def _documents(objects: list[SpecObject], database: str) -> list[tuple[str, dict[str, Any]]]:
    taken: set[str] = set()
    documents = []
    for obj in sorted(objects, key=lambda o: o.name):
        name = _kubernetes_name(obj.name, taken)
        spec = {"database": database, **{k: v for k, v in obj.spec.items() if k != "database"}}
        document = {
            "apiVersion": API_VERSION,
            "kind": obj.kind,
            "metadata": {"name": name},
            "spec": spec,
        }
        documents.append((f"{name}.yaml", document))
    return documents


def _kubernetes_name(name: str, taken: set[str]) -> str:
    """A DNS-1123 name for an object: lower case, '-' for what Kubernetes refuses, unique."""
    candidate = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:253] or "table"
    if candidate in taken:
        candidate = f"{candidate[:240]}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    taken.add(candidate)
    return candidate
