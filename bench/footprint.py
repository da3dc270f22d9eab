"""Footprint: the installed size of `schemahero[operator]` against `schemahero[all]`.

Each extra goes into a fresh virtual environment (`python -m venv`, then pip installs a copy of
this checkout, so that the build leaves the tree alone; pip's cache makes reruns fast). The size
is what the install added to site-packages (apparent bytes, compiled .pyc included; the empty
environment's own pip and setuptools are left out), with the distributions that weigh most.

    .venv/bin/python bench/footprint.py [--extras operator all] [--top 6]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "schemahero", "manifests")
"""What a build of the distribution reads (schemahero/cli/manifests links to manifests/)."""
SIZES = """
import importlib.metadata as m, json, os
sizes = {}
for dist in m.distributions():
    files = [f.locate() for f in dist.files or ()]
    sizes[dist.metadata["Name"]] = sum(os.path.getsize(f) for f in files if os.path.isfile(f))
print(json.dumps(sizes))
"""
"""Run inside an environment: the bytes of each distribution, by the files its RECORD lists."""
BASE = frozenset({"pip", "setuptools"})


def folder_bytes(folder: Path) -> int:
    return sum((Path(root) / name).lstat().st_size for root, _, names in os.walk(folder) for name in names)


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def checkout_copy(into: Path) -> Path:
    copy = into / "schemahero-src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, symlinks=True, ignore=ignore)
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def installed(extra: str, source: Path, scratch: Path) -> tuple[int, dict[str, int], float]:
    """Bytes the install added, bytes by distribution, seconds the install took."""
    venv = scratch / f"venv-{extra}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    empty = folder_bytes(site_packages(venv))
    python = str(venv / "bin" / "python")
    started = time.perf_counter()
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"{source}[{extra}]"], check=True)
    seconds = time.perf_counter() - started
    found = subprocess.run([python, "-c", SIZES], check=True, capture_output=True, text=True).stdout
    by_distribution = {k: v for k, v in json.loads(found).items() if k not in BASE}
    return folder_bytes(site_packages(venv)) - empty, by_distribution, seconds


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extras", nargs="+", default=["operator", "all"])
    parser.add_argument("--top", type=int, default=6, help="how many of the heaviest distributions to name")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="schemahero-footprint-") as tmp:
        scratch = Path(tmp)
        source = checkout_copy(scratch)
        for extra in args.extras:
            results[extra] = installed(extra, source, scratch)
    reference = results[args.extras[-1]][0]
    print(f"installed size in a fresh virtual environment; ratio to schemahero[{args.extras[-1]}]")
    print(f"{'install':<24}{'size':>12}{'ratio':>8}{'dists':>7}{'pip s':>8}   heaviest")
    for extra, (size, by_distribution, seconds) in results.items():
        heaviest = sorted(by_distribution.items(), key=lambda item: -item[1])[: args.top]
        names = ", ".join(f"{name} {value / 2**20:.1f}" for name, value in heaviest)
        print(
            f"{f'schemahero[{extra}]':<24}{mib(size):>12}{size / reference:>8.2f}"
            f"{len(by_distribution):>7}{seconds:>8.1f}   {names}"
        )


if __name__ == "__main__":
    main()
