"""The Dockerfiles: linted by hadolint, labelled, non-root; the driver image's entry point and
health check run here as they run in the image (no Docker needed: the same script, the same
command, against a real driver process)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import schemahero
from tests.manifests.rendering import ROOT, hadolint

OPERATOR = ROOT / "images/operator/Dockerfile"
DRIVER = ROOT / "images/driver/Dockerfile"
ENTRYPOINT = ROOT / "images/driver/entrypoint.sh"
SOCKETS = "/var/run/schemahero/drivers"
DATABASE_CLIENTS = ("psycopg", "pymysql", "cassandra-driver", "pyrqlite", "mysqlclient", "psycopg2")


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", dockerfile.read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(maxsplit=1)[0].upper(), line.split(maxsplit=1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _final_stage(dockerfile: Path) -> list[tuple[str, str]]:
    instructions = _instructions(dockerfile)
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[last_from:]


@pytest.mark.parametrize("dockerfile", [OPERATOR, DRIVER], ids=["operator", "driver"])
def test_hadolint_finds_nothing(dockerfile: Path) -> None:
    done = subprocess.run(
        [hadolint(), "--no-color", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_does_lint(tmp_path: Path) -> None:
    """The check above has teeth: an untagged base image and root user are reported."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install requests\n")
    done = subprocess.run([hadolint(), "--no-color", str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "DL3006" in done.stdout and "DL3013" in done.stdout


@pytest.mark.parametrize(
    ("dockerfile", "labels"),
    [
        (OPERATOR, {"source", "version", "revision", "licenses"}),
        (DRIVER, {"source", "version", "revision", "licenses"}),
    ],
    ids=["operator", "driver"],
)
def test_oci_labels_name_source_and_version(dockerfile: Path, labels: set[str]) -> None:
    text = " ".join(args for word, args in _final_stage(dockerfile) if word == "LABEL")
    found = set(re.findall(r"org\.opencontainers\.image\.(\w+)=", text))
    assert labels <= found
    if dockerfile == DRIVER:
        assert 'io.schemahero.engine="${ENGINE}"' in text


@pytest.mark.parametrize("dockerfile", [OPERATOR, DRIVER], ids=["operator", "driver"])
def test_the_version_argument_is_the_package_version(dockerfile: Path) -> None:
    (version,) = [
        args for word, args in _final_stage(dockerfile) if word == "ARG" and args.startswith("VERSION=")
    ]
    assert version == f"VERSION={schemahero.__version__}"


@pytest.mark.parametrize("dockerfile", [OPERATOR, DRIVER], ids=["operator", "driver"])
def test_the_image_runs_as_the_uid_the_deployment_expects(dockerfile: Path) -> None:
    (user,) = [args for word, args in _final_stage(dockerfile) if word == "USER"]
    assert user == "65532:65532"


def test_the_operator_image_installs_no_database_client() -> None:
    """Its default EXTRAS, resolved through pyproject.toml, name no database client library."""
    extras = next(
        args.split("=", 1)[1]
        for word, args in _instructions(OPERATOR)
        if word == "ARG" and args.startswith("EXTRAS=")
    )
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    requirements = [r for extra in extras.split(",") for r in optional[extra]]
    requirements += tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    named = {re.split(r"[\[<>=~!; ]", r, maxsplit=1)[0].lower() for r in requirements}
    assert "operator" in extras.split(",")
    assert not named & set(DATABASE_CLIENTS), named


def test_the_driver_image_installs_its_engine_extra_only() -> None:
    (install,) = [args for word, args in _instructions(DRIVER) if word == "RUN" and "pip install" in args]
    assert '".[${ENGINE}]"' in install
    optional = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    engines = {p.parent.name for p in (ROOT / "schemahero/drivers").glob("*/__main__.py")}
    assert engines <= set(optional), "every driver package needs an extra of its name"
    assert not any("operator" in r or "kopf" in r for engine in engines for r in optional[engine])


def _healthcheck() -> list[str]:
    """The driver image's HEALTHCHECK command (JSON form)."""
    (healthcheck,) = [args for word, args in _final_stage(DRIVER) if word == "HEALTHCHECK"]
    command: list[str] = json.loads(healthcheck.split(" CMD ", 1)[1])
    return command


def test_the_driver_image_checks_its_health_and_starts_its_engine() -> None:
    assert _healthcheck()[:2] == ["sh", "-c"]
    assert "python -m schemahero.plugins.probe" in _healthcheck()[2]
    assert ("ENTRYPOINT", '["/opt/schemahero/bin/entrypoint.sh"]') in _final_stage(DRIVER)


@pytest.mark.parametrize("dockerfile", [OPERATOR, DRIVER], ids=["operator", "driver"])
def test_the_build_context_sends_what_the_dockerfile_copies(dockerfile: Path) -> None:
    ignore = dockerfile.with_name("Dockerfile.dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for word, args in _instructions(dockerfile):
        if word == "COPY" and not args.startswith("--from"):
            for source in args.split()[:-1]:
                sent = any(Path(source) == Path(a) or Path(a) in Path(source).parents for a in allowed)
                assert sent, f"{source} is copied but not in the build context"
                assert (ROOT / source).exists()


@pytest.fixture
def drivers_folder(tmp_path: Path) -> Iterator[Path]:
    """The sqlite driver started through the image's entry point with its default arguments,
    listening in a folder that stands for /var/run/schemahero/drivers."""
    folder = tmp_path / "drivers"
    folder.mkdir()
    entrypoint = tmp_path / "entrypoint.sh"
    entrypoint.write_text(ENTRYPOINT.read_text().replace(SOCKETS, str(folder)))
    process = subprocess.Popen(["sh", str(entrypoint)], env=_image_env(), stderr=subprocess.PIPE)
    try:
        yield folder
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()


def _image_env() -> dict[str, str]:
    return {
        **os.environ,
        "SCHEMAHERO_ENGINE": "sqlite",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }


def _run_healthcheck(folder: Path) -> subprocess.CompletedProcess[str]:
    command = [word.replace(SOCKETS, str(folder)) for word in _healthcheck()]
    return subprocess.run(command, env=_image_env(), capture_output=True, text=True, timeout=60, check=False)


def test_the_health_check_passes_once_the_driver_serves_on_its_default_socket(drivers_folder: Path) -> None:
    deadline = time.monotonic() + 30
    while (done := _run_healthcheck(drivers_folder)).returncode != 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert done.returncode == 0, done.stderr
    assert (drivers_folder / "sqlite.sock").exists()


def test_the_health_check_fails_where_no_driver_listens(tmp_path: Path) -> None:
    done = _run_healthcheck(tmp_path)
    assert done.returncode == 1
    assert "is not serving" in done.stderr
