"""`recalculate migration NAME`: plan the Migration's source again against the live database."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from schemahero.cli.cluster.decisions import name_and_phase, register_decision

if TYPE_CHECKING:
    from schemahero.cli.cluster.api import Cluster

RECALCULATED_AT = "recalculatedAt"
"""The source annotation upstream's CLI sets; the operator plans the source again when it changes."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register_decision(
        commands, "recalculate", "plan a migration's source again against the live database", recalculate
    )


async def recalculate(cluster: Cluster, migration: dict[str, Any]) -> int:
    name, _ = name_and_phase(migration)
    meta, spec = migration["metadata"], migration.get("spec") or {}
    owner = next((o for o in meta.get("ownerReferences") or [] if o.get("controller")), None)
    kind = owner["kind"] if owner else "Table"
    source = owner["name"] if owner else str(spec.get("tableName", ""))
    namespace = str(spec.get("tableNamespace") or meta["namespace"])
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    await cluster.patch(kind, namespace, source, {"metadata": {"annotations": {RECALCULATED_AT: stamp}}})
    print(f"Migration {name} updated")
    return 0
