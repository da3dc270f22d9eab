"""A real OCI registry, SchemaHero's wheel pushed to it as the sqlite driver, and one pull of it.

Installing a pulled plugin (a virtual environment, pip) is the slow part, so it happens once:
`installed_home` is a plugin home holding the pulled sqlite driver, shared by the tests that only
read it or pull the same digest again (which reuses the installation). Tests that tamper with
it restore it; tests of refusals use a fresh home and fake wheels that never get installed.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero import __version__
from schemahero.cli.main import main
from schemahero.plugins import credentials, index, signatures
from tests.conftest import Servers
from tests.integration.plugins_oci import secured
from tests.servers.registry import RegistryServer

ROOT = Path(__file__).resolve().parents[3]
SPECS = ROOT / "examples/sqlite"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Ran:
    """The CLI in this process, its stdout and stderr captured (also inside session fixtures)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return Ran(code, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Registry:
    server: RegistryServer
    storage: Path

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def namespace(self) -> str:
        """Where these tests push, apart from what other tests put in the shared registry."""
        return f"{self.server.host}/cli-plugins"

    def get_manifest(self, repository: str, tag: str) -> bytes:
        request = urllib.request.Request(
            f"{self.server.url}/v2/{repository}/manifests/{tag}",
            headers={"Accept": "application/vnd.oci.image.manifest.v1+json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return bytes(response.read())

    def put_manifest(self, repository: str, tag: str, content: bytes, media_type: str) -> None:
        request = urllib.request.Request(
            f"{self.server.url}/v2/{repository}/manifests/{tag}",
            data=content,
            method="PUT",
            headers={"Content-Type": media_type},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201

    def blob_file(self, digest: str) -> Path:
        """Where the registry keeps a blob (or a manifest) on disk, for tampering with it."""
        hex_digest = digest.split(":", 1)[1]
        found = list(self.storage.rglob(f"blobs/sha256/{hex_digest[:2]}/{hex_digest}/data"))
        assert len(found) == 1, f"{digest} not found under {self.storage}"
        return found[0]


@dataclass(frozen=True)
class KeyPair:
    private: Path
    public: Path
    fingerprint: str


@pytest.fixture(scope="session")
def registry(servers: Servers) -> Registry:
    found = servers.server("registry")
    if isinstance(found, str):
        pytest.skip(found)
    return Registry(found, servers.root / "registry")


@pytest.fixture(scope="session")
def driver_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SchemaHero's own wheel, built once from a copy of the tree (the build leaves files behind)."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "schemahero", source / "schemahero", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         str(source), "-w", str(out)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("schemahero-*.whl")
    return wheel


@pytest.fixture(scope="session")
def sqlite_ref(registry: Registry) -> str:
    """The tag `pull sqlite` means when the default registry is the test registry."""
    return f"{registry.namespace}/schemahero-driver-sqlite:{__version__}"


@pytest.fixture(scope="session")
def pushed(registry: Registry, driver_wheel: Path, sqlite_ref: str) -> str:
    """The sqlite driver artifact: its reference pinned to the digest the push reported."""
    done = run_cli("plugin", "push", str(driver_wheel), sqlite_ref, "--engine", "sqlite", "--plain-http")
    assert done.code == 0, done.err
    return done.out.strip()


@pytest.fixture(scope="session")
def installed_home(tmp_path_factory: pytest.TempPathFactory, pushed: str, sqlite_ref: str) -> Iterator[Path]:
    """A plugin home where `plugin pull` installed the sqlite driver, under the name sqlite."""
    home = tmp_path_factory.mktemp("plugin-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(index.HOME_ENV, str(home))
        env.delenv(signatures.PUBLIC_KEY_ENV, raising=False)
        done = run_cli("plugin", "pull", sqlite_ref, "--plain-http")
    assert done.code == 0, done.err
    yield home


@pytest.fixture
def shared_home(installed_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(index.HOME_ENV, str(installed_home))
    return installed_home


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "plugin-home"
    monkeypatch.setenv(index.HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def no_key_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(signatures.PUBLIC_KEY_ENV, raising=False)
    monkeypatch.delenv(signatures.PASSWORD_ENV, raising=False)


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], KeyPair]:
    """ECDSA P-256 key pairs as PEM files, one per name, made once."""
    folder = tmp_path_factory.mktemp("keys")
    made: dict[str, KeyPair] = {}

    def pair(name: str) -> KeyPair:
        if name not in made:
            private = ec.generate_private_key(ec.SECP256R1())
            (folder / f"{name}.pem").write_bytes(
                private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            (folder / f"{name}.pub").write_bytes(
                private.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
            fingerprint = signatures.fingerprint(private.public_key())
            made[name] = KeyPair(folder / f"{name}.pem", folder / f"{name}.pub", fingerprint)
        return made[name]

    return pair


@pytest.fixture
def fake_wheel(tmp_path: Path) -> Callable[[str], Path]:
    """A tiny wheel, never installed: for artifacts that must be refused before installation."""

    def make(marker: str) -> Path:
        wheel = tmp_path / "fake_driver-0.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(
                "fake_driver-0.1.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: fake-driver\nVersion: 0.1\n",
            )
            archive.writestr("fake_driver/__init__.py", f"# {marker}\n")
        return wheel

    return make


@pytest.fixture
def push_fake(registry: Registry, fake_wheel: Callable[[str], Path]) -> Callable[..., str]:
    """Push a fake driver to REPOSITORY:1 of the test registry; its pinned reference."""

    def push(repository: str, *extra: str) -> str:
        wheel = fake_wheel(repository)
        target = f"{registry.namespace}/{repository}:1"
        done = run_cli(
            "plugin",
            "push",
            str(wheel),
            target,
            "--engine",
            "sqlite",
            "--module",
            "fake_driver",
            "--plain-http",
            *extra,
        )
        assert done.code == 0, done.err
        return done.out.strip()

    return push


@pytest.fixture(scope="session")
def htpasswd_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[secured.Secured]:
    """A registry asking for Basic credentials (robot, s3cret) over TLS with a self-signed certificate."""
    yield from _secured(secured.htpasswd_registry, tmp_path_factory.mktemp("htpasswd-registry"))


@pytest.fixture(scope="session")
def token_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[secured.Secured]:
    """A registry with token auth: the robot may push, anyone may pull."""
    yield from _secured(secured.token_registry, tmp_path_factory.mktemp("token-registry"))


def _secured(start: Callable[[str, Path], secured.Secured | str], folder: Path) -> Iterator[secured.Secured]:
    binary = secured.installed()
    if binary is None:
        pytest.skip("docker-registry (OCI registry) is not installed: run tests/servers/build/registry.sh")
    started = start(binary, folder)
    if isinstance(started, str):
        pytest.fail(started)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, Any]], Path]:
    """Write the Docker config this test's commands read ($DOCKER_CONFIG/config.json)."""
    folder = tmp_path / "docker"
    folder.mkdir()
    monkeypatch.setenv(credentials.CONFIG_ENV, str(folder))

    def write(config: dict[str, Any]) -> Path:
        (folder / "config.json").write_text(json.dumps(config))
        return folder / "config.json"

    return write


def robot_auth(host: str, password: str = secured.PASSWORD) -> dict[str, Any]:
    """A Docker config's inline `auths` entry for the robot at `host`."""
    encoded = base64.b64encode(f"{secured.USER}:{password}".encode()).decode()
    return {"auths": {host: {"auth": encoded}}}
