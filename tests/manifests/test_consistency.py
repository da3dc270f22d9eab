"""One version, one registry and one set of engines across images, manifests, chart, skaffold,
krew and the scripts; the shell scripts at least parse."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import schemahero
from tests.manifests.rendering import BASE, CHART, EXAMPLES, ROOT, env, kustomize, operator_container

ENGINES = sorted(p.parent.name for p in (ROOT / "schemahero/drivers").glob("*/__main__.py"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _registry() -> str:
    return str(env(operator_container(kustomize(BASE)))["SCHEMAHERO_PLUGIN_REGISTRY"])


def _skaffold() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((ROOT / "skaffold.yaml").read_text())
    return found


def test_one_version_everywhere() -> None:
    version = schemahero.__version__
    assert PYPROJECT["project"]["version"] == version
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["appVersion"] == version
    assert operator_container(kustomize(BASE))["image"].endswith(f":{version}")
    for engine in ENGINES:
        (database,) = [o for o in kustomize(EXAMPLES / engine) if o["kind"] == "Database"]
        assert database["spec"]["connection"]["plugin"]["ociRef"].endswith(f":{version}")


def test_one_registry_for_the_operator_the_drivers_and_the_chart() -> None:
    registry = _registry()
    assert operator_container(kustomize(BASE))["image"].startswith(f"{registry}/schemahero-operator:")
    assert yaml.safe_load((CHART / "values.yaml").read_text())["registry"] == registry
    for engine in ENGINES:
        (database,) = [o for o in kustomize(EXAMPLES / engine) if o["kind"] == "Database"]
        assert database["spec"]["connection"]["plugin"]["ociRef"].startswith(
            f"{registry}/schemahero-driver-{engine}:"
        )


def test_skaffold_builds_the_operator_and_one_driver_per_engine() -> None:
    config = _skaffold()
    registry = _registry()
    artifacts = {a["image"]: a for a in config["build"]["artifacts"]}
    expected = {f"{registry}/schemahero-operator"} | {f"{registry}/schemahero-driver-{e}" for e in ENGINES}
    assert set(artifacts) == expected
    for image, artifact in artifacts.items():
        assert artifact["context"] == "."
        assert (ROOT / artifact["docker"]["dockerfile"]).is_file()
        if "-driver-" in image:
            assert artifact["docker"]["buildArgs"] == {"ENGINE": image.rsplit("-", 1)[1]}
    assert config["manifests"]["kustomize"]["paths"] == ["manifests/overlays/dev"]
    (release,) = config["profiles"]
    assert release["build"]["platforms"] == ["linux/amd64", "linux/arm64"]


def test_skaffold_replaces_the_image_the_dev_overlay_deploys() -> None:
    image = operator_container(kustomize(ROOT / "manifests/overlays/dev"))["image"]
    assert image.split(":")[0] in {a["image"] for a in _skaffold()["build"]["artifacts"]}


def test_the_kind_config_is_a_one_node_cluster() -> None:
    config = yaml.safe_load((ROOT / "dev/kind.yaml").read_text())
    assert (config["apiVersion"], config["kind"]) == ("kind.x-k8s.io/v1alpha4", "Cluster")
    assert [n["role"] for n in config["nodes"]] == ["control-plane"]


def _render_krew(template: str, tag: str) -> str:
    """What krew-release-bot does with the template, for a release whose archives exist."""

    def uri_and_sha(match: re.Match[str]) -> str:
        uri = match[1].replace("{{ .TagName }}", tag)
        return f"uri: {uri}\n    sha256: {'ab' * 32}"

    text = re.sub(r'\{\{addURIAndSha "([^"]+)" \.TagName \}\}', uri_and_sha, template)
    return text.replace("{{ .TagName }}", tag)


def test_the_krew_manifest_names_the_installed_command_for_each_platform() -> None:
    manifest = yaml.safe_load(_render_krew((ROOT / "plugins/krew/schemahero.yaml").read_text(), "v0.1.0"))
    assert manifest["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2"
    assert manifest["kind"] == "Plugin"
    assert manifest["metadata"]["name"] == "schemahero"
    assert manifest["spec"]["version"] == "v0.1.0"
    platforms = manifest["spec"]["platforms"]
    found = {(p["selector"]["matchLabels"]["os"], p["selector"]["matchLabels"]["arch"]) for p in platforms}
    assert found == {(os, arch) for os in ("linux", "darwin") for arch in ("amd64", "arm64")}
    assert "kubectl-schemahero" in PYPROJECT["project"]["scripts"]
    for platform in platforms:
        labels = platform["selector"]["matchLabels"]
        assert platform["bin"] == "kubectl-schemahero"
        assert platform["uri"].endswith(f"/v0.1.0/kubectl-schemahero_{labels['os']}_{labels['arch']}.tar.gz")
        assert len(platform["sha256"]) == 64


@pytest.mark.parametrize(
    ("shell", "script"),
    [
        ("bash", "images/release.sh"),
        ("bash", "tests/e2e/run-kind.sh"),
        ("bash", "tests/servers/build/helm.sh"),
        ("sh", "images/driver/entrypoint.sh"),
    ],
)
def test_the_scripts_parse(shell: str, script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    done = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_helm_build_runs_with_every_other_test_tool() -> None:
    assert "helm" in (ROOT / "tests/servers/build/all.sh").read_text().split("for script in")[1].split(";")[0]


def test_the_chart_links_the_generated_crds_and_ignores_their_kustomization() -> None:
    assert (CHART / "crds").resolve() == (ROOT / "manifests/crds").resolve()
    assert "crds/kustomization.yaml" in (CHART / ".helmignore").read_text().splitlines()
    assert (ROOT / "schemahero/cli/manifests").resolve() == (ROOT / "manifests").resolve()


def test_the_wheel_ships_the_manifests_install_reads(tmp_path: Path) -> None:
    """A wheel built from what the images copy (not this checkout) holds the base and the CRDs
    as package data; the build runs in a copy, so that setuptools' build/ stays out of the tree."""
    source = tmp_path / "src"
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    for folder in ("schemahero", "manifests/base", "manifests/crds"):
        shutil.copytree(
            ROOT / folder, source / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("schemahero-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        n.removeprefix("schemahero/cli/manifests/")
        for n in names
        if n.startswith("schemahero/cli/manifests/")
    }
    expected = {f"base/{p.name}" for p in BASE.glob("*.yaml")} | {
        f"crds/{p.name}" for p in (ROOT / "manifests/crds").glob("*.yaml")
    }
    assert shipped == expected
