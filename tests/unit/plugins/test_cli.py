"""`kubectl-schemahero plugin`: its help names the switches; list works on an empty index."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from schemahero.cli.main import main


def test_plugin_help_names_the_index_the_key_and_the_switch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["plugin", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    switches = ["PLUGIN_HOME", "PLUGIN_REGISTRY", "PLUGIN_PUBLIC_KEY", "ENABLE_PLUGINS false: every --plugin"]
    assert all(f"SCHEMAHERO_{name}" in text for name in switches)
    assert all(
        f" {action} " in text for action in ["list", "pull", "load", "remove", "verify", "push", "sign"]
    )


@pytest.mark.parametrize("command", ["plan", "apply", "generate", "fixtures"])
def test_plugin_option_help_mentions_names_and_the_switch(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--plugin PATH|NAME" in text and "SCHEMAHERO_ENABLE_PLUGINS=false" in text


def test_list_of_an_empty_index(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugin", "list"]) == 0
    assert capsys.readouterr().out.split() == ["NAME", "ENGINE", "VERSION", "SOURCE", "DIGEST"]
    assert main(["plugin", "list", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_bad_reference_is_an_error_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugin", "pull", "not a ref"]) == 1
    assert "error: 'not a ref' is not an OCI reference" in capsys.readouterr().err


def test_an_unreachable_registry_fails_fast_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugin", "pull", "127.0.0.1:9/schemahero-driver-sqlite:1"]) == 1
    err = capsys.readouterr().err
    assert "registry 127.0.0.1:9 cannot be reached at https://127.0.0.1:9/v2/" in err
    assert "a registry without TLS needs --plain-http" in err


def wheel(tmp_path: Path, name: str, extras: list[str]) -> Path:
    path = tmp_path / f"{name}-1.0-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n" + "".join(
        f"Provides-Extra: {e}\n" for e in extras
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-1.0.dist-info/METADATA", metadata)
    return path


def test_push_checks_the_wheel_before_reaching_a_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "127.0.0.1:9/driver:1"
    assert main(["plugin", "push", str(wheel(tmp_path, "acme", [])), target, "--engine", "sqlite"]) == 1
    assert (
        "acme is not SchemaHero's own wheel: name the driver's module with --module"
        in capsys.readouterr().err
    )
    ours = wheel(tmp_path, "schemahero", ["postgres"])
    assert main(["plugin", "push", str(ours), target, "--engine", "postgres", "--extra", "mysql"]) == 1
    assert "has no extra 'mysql' (it has: postgres)" in capsys.readouterr().err
    assert main(["plugin", "push", str(ours), "127.0.0.1:9/driver@sha256:" + "0" * 64, "--engine", "x"]) == 1
    assert "push to a tag" in capsys.readouterr().err
    (tmp_path / "x.whl").write_text("not a zip")
    assert main(["plugin", "push", str(tmp_path / "x.whl"), target, "--engine", "sqlite"]) == 1
    assert "not a wheel" in capsys.readouterr().err
