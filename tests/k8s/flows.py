"""Steps the operator tests share: run the CLI, read what the operator wrote, look at the database."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from schemahero.cli.main import main
from schemahero.driver_api.types import Connection, Plan, PlanOptions
from schemahero.operator.planning import spec_sha
from schemahero.plugins import open_driver
from schemahero.schema.documents import SpecObject
from tests.k8s.kubectl import Kubectl, condition, eventually
from tests.servers.base import TestDatabase


def cli(kubectl: Kubectl, *args: str) -> tuple[int, str, str]:
    """`kubectl schemahero ARGS` in this process, against the test cluster."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--kubeconfig", str(kubectl.kubeconfig)])
    return code, out.getvalue(), err.getvalue()


def live_plan(database: TestDatabase, table: dict[str, Any]) -> Plan:
    """What the database still lacks of `table`'s spec, asked of the driver directly."""
    spec = table["spec"]
    with open_driver(database.driver) as driver:
        return driver.plan(
            Connection(database.uri, database.params),
            [SpecObject("Table", spec["name"], spec)],
            PlanOptions(),
        )


def migration_of(kubectl: Kubectl, table: dict[str, Any], namespace: str) -> dict[str, Any]:
    """The Migration the operator planned for `table` (named by its spec's hash), once it exists."""
    name = spec_sha(table["spec"])[:7]
    return eventually(
        lambda: _with_phase(kubectl.get("migration", name, namespace)),
        f"Migration {name} of {table['metadata']['name']}",
    )


def _with_phase(found: dict[str, Any] | None) -> dict[str, Any] | None:
    return found if found and (found.get("status") or {}).get("steps") else None


def phase_becomes(kubectl: Kubectl, name: str, namespace: str, *phases: str) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        found = kubectl.get("migration", name, namespace)
        return found if found and (found.get("status") or {}).get("phase") in phases else None

    return eventually(probe, f"Migration {name} in phase {' or '.join(phases)}")


def ready_reason(kubectl: Kubectl, kind: str, name: str, namespace: str, reason: str) -> dict[str, Any]:
    """The object once its Ready condition carries `reason`."""

    def probe() -> dict[str, Any] | None:
        found = kubectl.get(kind, name, namespace)
        return found if condition(found, "Ready").get("reason") == reason else None

    return eventually(probe, f"{kind} {name} with Ready reason {reason}")


def events(kubectl: Kubectl, namespace: str) -> list[dict[str, Any]]:
    return kubectl.items("events", namespace)
