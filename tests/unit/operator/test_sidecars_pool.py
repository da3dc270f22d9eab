"""Sidecar drivers in the operator's pool: reached through their sockets (real driver processes),
checked before use, and replaced by an allowed alternative when they cannot serve."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Connection
from schemahero.plugins.pool import IN_TREE, SIDECAR, DriverPool, SidecarEndpoint
from schemahero.plugins.probe import main as probe
from tests.driver_scripts import INCOMPATIBLE_DRIVER

Start = Callable[..., SidecarEndpoint]


@pytest.fixture
def sockets() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="shp-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pool() -> Iterator[DriverPool]:
    opened = DriverPool()
    yield opened
    opened.close()


@pytest.fixture
def sidecar(sockets: Path) -> Iterator[Start]:
    """Start a driver on a socket of `sockets`, as the kubelet starts a sidecar."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, *, incompatible: bool = False) -> SidecarEndpoint:
        socket = sockets / f"{name}.sock"
        endpoint = SidecarEndpoint(f"driver-{name}", f"r.example/{name}@sha256:" + "0" * 64, socket)
        if incompatible:
            script = sockets / "incompatible.py"
            script.write_text(INCOMPATIBLE_DRIVER)
            program = [sys.executable, str(script)]
        else:
            program = [sys.executable, "-m", "schemahero.drivers.sqlite"]
        started.append(subprocess.Popen([*program, "--listen", f"unix://{socket}"], stdin=subprocess.DEVNULL))
        deadline = time.monotonic() + 30
        while probe([f"unix://{socket}", "--timeout", "1"]) != 0:
            assert time.monotonic() < deadline, f"{name} did not start"
        return endpoint

    yield start
    for process in started:
        process.terminate()
        process.wait(15)


def missing(sockets: Path, name: str = "missing") -> SidecarEndpoint:
    return SidecarEndpoint(f"driver-{name}", f"r.example/{name}@sha256:" + "9" * 64, sockets / f"{name}.sock")


def test_a_sidecar_not_in_the_pod_is_unavailable(pool: DriverPool, sockets: Path) -> None:
    with pytest.raises(DriverError) as refused:
        pool.driver("sqlite", missing(sockets))
    assert refused.value.code is ErrorCode.UNAVAILABLE and "no socket" in refused.value.message


def test_a_running_sidecar_serves_through_its_socket(
    pool: DriverPool, sidecar: Start, tmp_path: Path
) -> None:
    endpoint = sidecar("sqlite-a")
    resolved = pool.driver("sqlite", endpoint)
    assert (resolved.source, resolved.location, resolved.image) == (
        SIDECAR,
        str(endpoint.socket),
        endpoint.image,
    )
    assert resolved.digest == "sha256:" + "0" * 64 and resolved.fallback is None
    assert pool.driver("sqlite", endpoint) is resolved
    assert resolved.driver.check_connection(Connection(uri=str(tmp_path / "a.db"))).server_version


def test_the_sidecar_an_upgrade_replaces_serves_until_the_new_one_runs(
    pool: DriverPool, sidecar: Start, sockets: Path
) -> None:
    old = sidecar("sqlite-old")
    new = missing(sockets, "sqlite-new")
    meanwhile = pool.driver("sqlite", new, alternatives=[old])
    assert meanwhile.image == old.image and meanwhile.fallback is not None
    assert meanwhile.fallback.code is ErrorCode.UNAVAILABLE
    assert sidecar("sqlite-new").socket == new.socket
    assert pool.driver("sqlite", new, alternatives=[old]).fallback is None


def test_a_driver_of_another_contract_version_is_refused(pool: DriverPool, sidecar: Start) -> None:
    endpoint = sidecar("sqlite-v9", incompatible=True)
    with pytest.raises(DriverError) as refused:
        pool.driver("sqlite", endpoint)
    assert refused.value.code is ErrorCode.FAILED_PRECONDITION and "v9" in refused.value.message
    fallback = pool.driver("sqlite", endpoint, alternatives=[None])
    assert fallback.source == IN_TREE and fallback.fallback is not None and "v9" in fallback.fallback.message


def test_a_sidecar_that_stopped_is_reached_afresh_after_discard(
    pool: DriverPool, sidecar: Start, sockets: Path
) -> None:
    endpoint = sidecar("sqlite-b")
    resolved = pool.driver("sqlite", endpoint)
    (sockets / "sqlite-b.sock").unlink()
    pool.discard("sqlite", resolved)
    with pytest.raises(DriverError) as refused:
        pool.driver("sqlite", endpoint)
    assert refused.value.code is ErrorCode.UNAVAILABLE


def test_the_probe_command_answers_for_a_socket(sidecar: Start, sockets: Path) -> None:
    endpoint = sidecar("sqlite-c")
    assert probe([f"unix://{endpoint.socket}"]) == 0
    assert probe([f"unix://{sockets}/none.sock", "--timeout", "0.5"]) == 1
