"""A pulled plugin on disk, runnable without a container runtime, and the check that it is intact.

    <home>/sha256-<manifest hex>/
      manifest.json       the manifest as pulled (its sha256 is the folder's name)
      blobs/sha256-<hex>  the driver config and the wheel, as pulled and verified
      signatures.json     the cosign signatures verified when it was pulled, if any
      venv/               `python -m venv`, then `pip install <wheel>[<extra>]` (dependencies
                          from the user's package index)
      driver              the launcher: `exec venv/bin/python -I -m <module> "$@"`
      installed.json      written last: the folder is complete

Intact means: the manifest hashes to the folder's digest, each blob to its descriptor, the
launcher is the one written here, and each file the wheel installed matches the wheel's RECORD.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import logging
import os
import shlex
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import digests, index
from schemahero.plugins.artifacts import DriverConfig, DriverManifest
from schemahero.plugins.signatures import Signature

log = logging.getLogger(__name__)

MARKER = "installed.json"
LAUNCHER = "driver"
PIP_TIMEOUT = 900.0


@dataclass(frozen=True)
class Installed:
    folder: Path
    digest: str
    manifest: DriverManifest
    config: DriverConfig

    @property
    def executable(self) -> Path:
        return self.folder / LAUNCHER

    def blob(self, digest: str) -> Path:
        return blob_path(self.folder, digest)


def folder_of(digest: str) -> Path:
    return index.home() / digests.folder_name(digest)


def blob_path(folder: Path, digest: str) -> Path:
    return folder / "blobs" / digests.folder_name(digest)


def opened(folder: Path, digest: str) -> Installed:
    """The installed plugin in `folder`, read from its manifest (not yet checked)."""
    where = f"installed plugin {folder}"
    try:
        manifest = DriverManifest.decode((folder / "manifest.json").read_bytes(), where)
        config = DriverConfig.decode(blob_path(folder, manifest.config.digest).read_bytes(), where)
    except OSError as error:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION, f"{where} is incomplete: {error}; pull it again"
        ) from None
    return Installed(folder, digest, manifest, config)


def complete(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def install(staged: Installed) -> None:
    """Create the private environment and the launcher in `staged.folder`, then mark it complete."""
    venv = staged.folder / "venv"
    log.info("creating a private Python environment in %s", venv)
    _run([sys.executable, "-m", "venv", str(venv)], "creating the plugin's virtual environment")
    requirement = staged.manifest.wheel_filename
    with tempfile.TemporaryDirectory(dir=staged.folder) as scratch:
        wheel = Path(scratch) / requirement
        os.link(staged.blob(staged.manifest.wheel.digest), wheel)
        extra = f"[{staged.config.extra}]" if staged.config.extra else ""
        log.info("installing %s%s into it", requirement, extra)
        _run(
            [str(_python(staged.folder)), "-I", "-m", "pip", "install", "--disable-pip-version-check",
             "--no-input", "--quiet", f"{wheel}{extra}"],
            f"installing {requirement}{extra}",
        )  # fmt: skip
    index.write_atomically(staged.executable, launcher(staged).encode(), mode=0o755)
    marker = {"digest": staged.digest, "config": json.loads(staged.config.encode())}
    index.write_atomically(staged.folder / MARKER, json.dumps(marker, indent=2).encode())


def launcher(installed: Installed) -> str:
    """`-I`: the driver sees only its own environment, whatever PYTHONPATH the caller has."""
    python = shlex.quote(str(_python(installed.folder)))
    return (
        "#!/bin/sh\n"
        f"# SchemaHero driver plugin {installed.digest}, installed by `kubectl-schemahero plugin pull`.\n"
        f'exec {python} -I -m {installed.config.module} "$@"\n'
    )


def problems(installed: Installed) -> list[str]:
    """What no longer matches what was pulled; empty when the plugin is intact."""
    found = []
    if not complete(installed.folder):
        found.append(f"{installed.folder} is not completely installed")
    manifest = digests.of_file(installed.folder / "manifest.json")
    if manifest != installed.digest:
        found.append(f"manifest: expected {installed.digest}, got {manifest}")
    for blob in installed.manifest.blobs:
        path = installed.blob(blob.digest)
        actual = digests.of_file(path) if path.is_file() else "nothing"
        if actual != blob.digest:
            found.append(f"blob {path.name}: expected {blob.digest}, got {actual}")
    if found:
        return found
    try:
        text = installed.executable.read_text()
    except OSError:
        text = ""
    if text != launcher(installed) or not os.access(installed.executable, os.X_OK):
        found.append(f"launcher {installed.executable} was changed")
    return found + _changed_files(installed)


def installed_files(installed: Installed) -> int:
    """How many installed files are checked against the wheel's RECORD."""
    return len(_record(installed))


def signatures(installed: Installed) -> list[Signature]:
    try:
        raw = json.loads((installed.folder / "signatures.json").read_text())
    except FileNotFoundError:
        return []
    except ValueError:
        raw = []
    where = str(installed.folder / "signatures.json")
    return [Signature.decode(item, where) for item in raw] if isinstance(raw, list) else []


def remember(installed: Installed, signature: Signature) -> None:
    kept = signatures(installed)
    if signature not in kept:
        kept.append(signature)
        content = json.dumps([s.encode() for s in kept], indent=2).encode()
        index.write_atomically(installed.folder / "signatures.json", content)


def _changed_files(installed: Installed) -> list[str]:
    site = _site_packages(installed.folder)
    changed = []
    for name, expected in _record(installed).items():
        target = site / name
        try:
            actual = _record_hash(target.read_bytes())
        except OSError:
            actual = "nothing"
        if actual != expected:
            changed.append(f"installed file {target}: expected {expected}, got {actual}")
    return changed


def _record(installed: Installed) -> dict[str, str]:
    """The files the wheel puts in site-packages, with their RECORD hashes (`sha256=<b64>`)."""
    with zipfile.ZipFile(installed.blob(installed.manifest.wheel.digest)) as wheel:
        records = [n for n in wheel.namelist() if n.count("/") == 1 and n.endswith(".dist-info/RECORD")]
        if len(records) != 1:
            return {}
        rows = csv.reader(io.StringIO(wheel.read(records[0]).decode()))
        return {
            row[0]: row[1]
            for row in rows
            if len(row) >= 2
            and row[1].startswith("sha256=")
            and not row[0].split("/", 1)[0].endswith(".data")
        }


def _record_hash(content: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(content).digest()).decode().rstrip("=")


def _site_packages(folder: Path) -> Path:
    found = sorted((folder / "venv" / "lib").glob("python*/site-packages"))
    return found[0] if found else folder / "venv" / "lib" / "site-packages"


def _python(folder: Path) -> Path:
    return folder / "venv" / "bin" / "python"


def _run(argv: list[str], what: str) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=PIP_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DriverError(ErrorCode.UNAVAILABLE, f"{what} failed: {error}") from None
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-1500:]
        raise DriverError(ErrorCode.UNAVAILABLE, f"{what} failed (exit status {done.returncode}):\n{output}")
