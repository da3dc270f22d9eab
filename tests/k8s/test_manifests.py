"""The CRDs on a real API server: upstream's objects accepted, bad ones refused, explain works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.k8s.corpus import CORPUS, objects
from tests.k8s.kubectl import Kubectl
from tests.k8s.manifests import USERS, column, database, table

EXAMPLES = Path(__file__).with_name("upstream_examples.yaml")


def _dry_run(kubectl: Kubectl, namespace: str, documents: list[dict[str, Any]], *flags: str) -> Any:
    text = yaml.safe_dump_all(documents)
    return kubectl("apply", "--dry-run=server", *flags, "-n", namespace, "-f", "-", input=text, check=False)


def test_upstream_example_objects_are_accepted_as_they_are(kubectl: Kubectl, namespace: str) -> None:
    documents = [d for d in yaml.safe_load_all(EXAMPLES.read_text()) if d]
    done = _dry_run(kubectl, namespace, documents)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("(server dry run)") == len(documents)
    assert "Warning" not in done.stderr, done.stderr


def test_every_spec_of_the_compat_corpus_is_accepted_as_an_object(kubectl: Kubectl, namespace: str) -> None:
    """Plain CLI specs wrapped as objects. The corpus was never sent to an API server upstream,
    so fields its CRDs lacked would have been pruned there too: they are warnings, not refusals.
    """
    if not CORPUS.is_dir():
        pytest.fail(f"the compat corpus is missing: {CORPUS}")
    documents, sources = [], []
    for number, (where, document) in enumerate(objects()):
        documents.append({**document, "metadata": {"name": f"c{number}"}})
        sources.append(where)
    assert len(documents) > 150
    done = _dry_run(kubectl, namespace, documents, "--validate=warn")
    refused = [line for line in done.stderr.splitlines() if not line.startswith("Warning:")]
    assert done.returncode == 0 and not refused, _named(done.stderr, sources)


def _named(stderr: str, sources: list[str]) -> str:
    """kubectl names the objects c<N>: say which corpus file each came from."""
    lines = []
    for line in stderr.splitlines():
        named = next((n for n in range(len(sources) - 1, -1, -1) if f'"c{n}"' in line), None)
        lines.append(line if named is None else f"{line}  <- {sources[named]}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("document", "says"),
    [
        (table("t", "db", "sqlite", [{"name": "id"}]), "spec.schema.sqlite.columns[0].type: Required value"),
        (table("t", "db", "sqlite", [column("id", 7)]), "spec.schema.sqlite.columns[0].type: Invalid value"),
        (database("db", "sqlite", "/x.db", immediateDeploy="yes"), "spec.immediateDeploy: Invalid value"),
        (
            {
                "apiVersion": "schemas.schemahero.io/v1alpha4",
                "kind": "Migration",
                "metadata": {"name": "m"},
                "spec": {"generatedDDL": "select 1"},
            },
            "spec.tableName: Required value",
        ),
        (
            {"apiVersion": "schemas.schemahero.io/v1alpha4", "kind": "Table", "metadata": {"name": "t"}},
            "spec: Required value",
        ),
    ],
    ids=[
        "column-without-type",
        "type-not-a-string",
        "flag-not-a-boolean",
        "migration-without-table",
        "no-spec",
    ],
)
def test_bad_objects_are_refused_by_the_schema(
    kubectl: Kubectl, namespace: str, document: dict[str, Any], says: str
) -> None:
    done = _dry_run(kubectl, namespace, [document])
    assert done.returncode != 0
    assert says in done.stderr, done.stderr


def test_unknown_fields_are_refused_by_strict_validation(kubectl: Kubectl, namespace: str) -> None:
    typo = table("t", "db", "sqlite", USERS)
    typo["spec"]["schema"]["sqlite"]["primaryKeys"] = ["id"]
    done = _dry_run(kubectl, namespace, [typo])
    assert done.returncode != 0 and 'unknown field "spec.schema.sqlite.primaryKeys"' in done.stderr


def test_a_migration_phase_outside_the_list_is_refused(kubectl: Kubectl, namespace: str) -> None:
    migration = {
        "apiVersion": "schemas.schemahero.io/v1alpha4",
        "kind": "Migration",
        "metadata": {"name": "m1"},
        "spec": {"tableName": "t", "tableNamespace": namespace},
    }
    kubectl.apply(migration, namespace=namespace)
    done = kubectl(
        "patch",
        "migration",
        "m1",
        "-n",
        namespace,
        "--subresource=status",
        "--type=merge",
        "-p",
        '{"status": {"phase": "DONE"}}',
        check=False,
    )
    assert done.returncode != 0 and "status.phase: Unsupported value" in done.stderr


def test_explain_describes_the_fields(kubectl: Kubectl, crds: None) -> None:
    explained = kubectl("explain", "tables.spec.schema.postgres.columns").stdout
    assert "name\t<string> -required-" in explained and "constraints\t<Object>" in explained
    explained = kubectl("explain", "databases.spec.connection.plugin").stdout
    assert "localPath" in explained and "ociRef" in explained and "pullSecret" in explained
    explained = kubectl("explain", "migrations.status").stdout
    for field in ("phase", "plannedAt", "approvedAt", "executedAt", "steps", "sourceHash", "conditions"):
        assert field in explained


def test_printer_columns(kubectl: Kubectl, namespace: str) -> None:
    kubectl.apply(table("users", "shop", "sqlite", USERS), namespace=namespace)
    header = kubectl("get", "tables", "-n", namespace).stdout.splitlines()[0].split()
    assert header == ["NAME", "TABLE", "DATABASE", "READY", "AGE"]
    header = kubectl("get", "migrations", "-n", namespace, "--no-headers=false").stderr
    assert "No resources found" in header
