"""manifests/examples run: each engine's objects pass its driver's checks, and the SQLite,
PostgreSQL and MariaDB examples plan, apply, and plan to nothing on real databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from schemahero.plugins import open_driver
from schemahero.schema import documents
from schemahero.schema.diagnostics import Diagnostic
from tests.conftest import Servers
from tests.manifests.rendering import EXAMPLES, kustomize, run_cli

ENGINES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
SCHEMA_KINDS = {"Table", "View", "Function", "DatabaseExtension", "DataType"}


def _schema_files(engine: str, into: Path) -> Path:
    """The example's schema objects (no Secret, Database or kustomization), copied into a folder."""
    into.mkdir()
    for path in sorted((EXAMPLES / engine).glob("*.yaml")):
        kinds = {o["kind"] for o in _objects(path)}
        if kinds <= SCHEMA_KINDS:
            shutil.copy(path, into / path.name)
    return into


def _objects(path: Path) -> list[dict[str, object]]:
    return [
        d for d in yaml.safe_load_all(path.read_text()) if d and "kind" in d and d["kind"] != "Kustomization"
    ]


def test_every_engine_with_a_driver_has_an_example() -> None:
    drivers = {p.parent.name for p in (EXAMPLES.parents[1] / "schemahero/drivers").glob("*/__main__.py")}
    assert set(ENGINES) == drivers


@pytest.mark.parametrize("engine", ENGINES)
def test_the_example_has_a_database_with_a_driver_image_and_schema_objects(engine: str) -> None:
    objects = kustomize(EXAMPLES / engine)
    (database,) = [o for o in objects if o["kind"] == "Database"]
    connection = database["spec"]["connection"]
    assert connection["plugin"]["ociRef"].startswith(f"ghcr.io/schemahero/schemahero-driver-{engine}:")
    assert engine in connection
    assert any(o["kind"] == "Table" for o in objects)
    for obj in objects:
        if obj["kind"] in SCHEMA_KINDS:
            assert obj["spec"]["database"] == database["metadata"]["name"], obj["metadata"]["name"]
    secrets = {o["metadata"]["name"] for o in objects if o["kind"] == "Secret"}
    referenced = {
        value["valueFrom"]["secretKeyRef"]["name"]
        for value in connection[engine].values()
        if isinstance(value, dict) and "valueFrom" in value
    }
    assert referenced == secrets, "each Secret is the one the Database reads"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_drivers_accept_the_examples_and_render_them(engine: str, tmp_path: Path) -> None:
    objects = documents.load(_schema_files(engine, tmp_path / "specs"))
    with open_driver(engine) as driver:
        problems: list[Diagnostic] = driver.validate_spec(objects)
        assert [str(p) for p in problems if p.severity.name == "ERROR"] == []
        tables = [o for o in objects if o.kind == "Table"]
        assert driver.generate_fixtures(tables)


def _plan_apply_replan(engine: str, uri: str, specs: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.sql"
    code, _, err = run_cli(
        "plan", "--driver", engine, "--uri", uri, "--spec-file", str(specs), "--out", str(plan)
    )
    assert code == 0, err
    assert plan.read_text().strip(), "an empty database needs statements"
    code, _, err = run_cli("apply", "--driver", engine, "--uri", uri, "--ddl", str(plan))
    assert code == 0, err
    code, out, err = run_cli("plan", "--driver", engine, "--uri", uri, "--spec-file", str(specs))
    assert code == 0, err
    assert out.strip() == "", f"planning again after the apply must give nothing:\n{out}"


def test_the_sqlite_example_runs(tmp_path: Path) -> None:
    specs = _schema_files("sqlite", tmp_path / "specs")
    _plan_apply_replan("sqlite", str(tmp_path / "playground.db"), specs, tmp_path)


@pytest.mark.parametrize(
    "engine",
    [pytest.param("postgres", marks=pytest.mark.postgres), pytest.param("mysql", marks=pytest.mark.mysql)],
)
def test_the_server_examples_run(engine: str, servers: Servers, tmp_path: Path) -> None:
    database = servers.database(engine)
    specs = _schema_files(engine, tmp_path / "specs")
    _plan_apply_replan(engine, database.uri, specs, tmp_path)
