"""The guides' examples run: commands name files that exist and render, snippets parse, the
Dockerfile lints, and imports resolve; the install path they give is the manifests' own."""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero.cli import main as cli
from schemahero.plugins import signatures
from tests.manifests.rendering import BASE, ROOT, deployment, hadolint, helm_template, kustomize

ADMINS = ROOT / "docs/cluster-admins.md"
AUTHORS = ROOT / "docs/driver-authors.md"
EXTERNAL = "schemahero_cockroachdb"
"""The guide's example driver package: it is written by the reader, not installed here."""


def _blocks(doc: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", doc.read_text(), re.S)


def _commands(doc: Path) -> list[list[str]]:
    """Each shell command of the guide's sh blocks, continuation lines joined, comments cut."""
    found = []
    for block in _blocks(doc, "sh"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                found.append(words)
    return found


def test_the_guides_use_the_names_the_manifests_give() -> None:
    operator = deployment(kustomize(BASE))
    text = ADMINS.read_text()
    assert f"deployment/{operator['metadata']['name']}" in text
    assert f"-n {operator['metadata']['namespace']} rollout status" in text
    for path in re.findall(r"`((?:manifests|charts|images|schemahero|tests|docs|dev)/[\w./<>-]+)`", text):
        if "<" not in path:
            assert (ROOT / path).exists(), f"{ADMINS.name} names {path}, which does not exist"


def test_kubectl_apply_paths_render() -> None:
    applied = [c for c in _commands(ADMINS) if c[:2] == ["kubectl", "apply"]]
    assert applied
    for command in applied:
        path = command[command.index("-k") + 1]
        assert kustomize(ROOT / path)


def test_helm_install_commands_render(helm: Path, tmp_path: Path) -> None:
    """A `--set-file` names the reader's file: a throwaway public key stands in for it."""
    key = tmp_path / "cosign.pub"
    key.write_bytes(signatures.pem_of(ec.generate_private_key(ec.SECP256R1()).public_key()))
    installs = [c for c in _commands(ADMINS) if c[:2] == ["helm", "install"]]
    assert len(installs) >= 3
    for command in installs:
        _release, chart, *flags = command[2:]
        assert chart == "charts/schemahero"
        namespace = flags[flags.index("--namespace") + 1]
        rest = [f for f in flags if f not in {"--namespace", namespace, "--create-namespace"}]
        rest = [re.sub(r"=cosign\.pub$", f"={key}", f) for f in rest]
        assert helm_template(helm, *rest, namespace=namespace)


def test_install_commands_are_ones_the_cli_takes() -> None:
    installs = [c for c in _commands(ADMINS) if c[:3] == ["kubectl", "schemahero", "install"]]
    assert len(installs) >= 3
    parser = cli.parser()
    for command in installs:
        words = [w for w in command[2:] if w != ">" and not w.endswith(".yaml")]
        parser.parse_args(words)


def test_the_cli_commands_of_the_guides_exist() -> None:
    parser = cli.parser()
    (subcommands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = set(subcommands.choices)
    for doc in (ADMINS, AUTHORS):
        for words in re.findall(r"kubectl schemahero (\w+)", doc.read_text()):
            assert words in commands, f"{doc.name}: kubectl schemahero {words}"


@pytest.mark.parametrize("doc", [ADMINS, AUTHORS], ids=["cluster-admins", "driver-authors"])
def test_yaml_snippets_parse(doc: Path) -> None:
    for block in _blocks(doc, "yaml"):
        assert [d for d in yaml.safe_load_all(block) if d]


def test_the_database_of_the_admin_guide_parses_as_a_spec() -> None:
    (database,) = [
        d for b in _blocks(ADMINS, "yaml") for d in yaml.safe_load_all(b) if d and d.get("kind") == "Database"
    ]
    assert database["spec"]["connection"]["plugin"]["ociRef"].endswith(":0.1.0")


def test_python_snippets_parse_and_import_what_exists() -> None:
    for block in _blocks(AUTHORS, "python"):
        tree = ast.parse(block)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith(EXTERNAL):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(module, alias.name) or importlib.util.find_spec(
                        f"{node.module}.{alias.name}"
                    ), f"from {node.module} import {alias.name}"


def test_the_toml_snippet_registers_an_entry_point() -> None:
    (block,) = _blocks(AUTHORS, "toml")
    entry_points = tomllib.loads(block)["project"]["entry-points"]["schemahero.drivers"]
    assert entry_points == {"cockroachdb": f"{EXTERNAL}:create_driver"}


def test_the_guides_dockerfile_lints_clean(tmp_path: Path) -> None:
    (block,) = _blocks(AUTHORS, "dockerfile")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(block)
    done = subprocess.run(
        [hadolint(), "--no-color", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout
