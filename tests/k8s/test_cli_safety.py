"""`kubectl schemahero describe|approve migration` on a Migration stored by the real API server:
the fields of issue 9 (rollout phases, pre-flight counts, approval policy, hold) survive the
CRD's schema and reach the output. The Migration is written directly, so no operator is needed.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.k8s.flows import cli
from tests.k8s.kubectl import Kubectl
from tests.k8s.manifests import SCHEMAS

STATUS: dict[str, Any] = {
    "phase": "PLANNED",
    "plannedAt": 1_700_000_000,
    "approval": "auto-safe",
    "conditions": [
        {
            "type": "Ready",
            "status": "False",
            "reason": "HeldByPolicy",
            "message": "step 2 may fail on data: approve it by hand",
            "lastTransitionTime": "2024-01-01T00:00:00Z",
        }
    ],
    "steps": [
        {"sql": 'alter table "users" add column "nick" text', "kind": "AlterTable", "rollout": "expand"},
        {
            "sql": 'alter table "users" alter column "email" set not null',
            "kind": "AlterTable",
            "rollout": "contract",
            "hazards": [{"kind": "may-fail-on-data", "message": "fails if the column holds NULLs"}],
            "checks": [
                {
                    "description": "rows of users with NULL in email",
                    "sql": 'select count(*) from "users" where "email" is null',
                    "violations": 3,
                }
            ],
        },
    ],
}


@pytest.fixture
def quiet_namespace(kubectl: Kubectl, crds: None) -> str:
    """A namespace no operator of the session watches (it skips `sc-*`): the Migration stays as
    written."""
    name = f"sc-cli-{uuid.uuid4().hex[:8]}"
    kubectl("create", "namespace", name)
    return name


def test_describe_and_approve_read_what_the_api_server_stored(kubectl: Kubectl, quiet_namespace: str) -> None:
    ns = quiet_namespace
    migration = {
        "apiVersion": SCHEMAS,
        "kind": "Migration",
        "metadata": {"name": "abc1234"},
        "spec": {
            "tableName": "users",
            "tableNamespace": ns,
            "databaseName": "shop",
            "generatedDDL": "".join(f"{step['sql']};\n" for step in STATUS["steps"]),
        },
    }
    kubectl.apply(migration, namespace=ns)
    patch = json.dumps({"status": STATUS})
    kubectl("patch", "migration", "abc1234", "-n", ns, "--subresource=status", "--type=merge", "-p", patch)

    code, out, err = cli(kubectl, "describe", "migration", "abc1234", "-n", ns)
    assert (code, err) == (0, "")
    assert "Approval: auto-safe\nHeld: HeldByPolicy: step 2 may fail on data: approve it by hand\n" in out
    assert (
        '  1. expand: alter table "users" add column "nick" text\n'
        '  2. contract: alter table "users" alter column "email" set not null\n'
        "     hazard: may-fail-on-data: fails if the column holds NULLs\n"
        "     check: 3 rows of users with NULL in email\n"
    ) in out
    assert (
        "Rollout: expand: statement 1 (safe before the application rollout); "
        "contract: statement 2 (after it)\n"
    ) in out

    code, out, err = cli(kubectl, "approve", "migration", "abc1234", "-n", ns)
    assert (code, out) == (0, "Migration abc1234 approved\n")
    assert "warning: statement 2 fails on 3 rows of users with NULL in email (alter table" in err
