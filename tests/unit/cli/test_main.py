"""The command line without a database: help, version, and errors that say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemahero.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.startswith("schemahero ")


@pytest.mark.parametrize("command", ["plan", "apply", "generate", "fixtures"])
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "--driver" in capsys.readouterr().out


def test_missing_spec_file_is_an_error_on_stderr_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "plan",
            "--driver",
            "sqlite",
            "--uri",
            str(tmp_path / "x.db"),
            "--spec-file",
            str(tmp_path / "absent"),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert "absent: no such file or directory" in err


def test_unknown_engine_names_the_installed_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text("name: t\nschema: {}\n")
    code = main(["plan", "--driver", "oracle", "--uri", "x", "--spec-file", str(tmp_path / "t.yaml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "no driver for engine 'oracle' is installed (installed: " in err and "sqlite" in err


def test_plugin_that_is_not_executable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text("name: t\nschema: {}\n")
    code = main(
        [
            "plan",
            "--driver",
            "sqlite",
            "--uri",
            "x",
            "--plugin",
            str(tmp_path / "nope"),
            "--spec-file",
            str(tmp_path / "t.yaml"),
        ]
    )
    assert code == 1
    assert "not an executable file" in capsys.readouterr().err


def test_plan_check_is_a_ci_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text("name: t\nschema:\n  sqlite:\n    columns:\n      - name: id\n        type: integer\n")
    flags = ["--driver", "sqlite", "--uri", str(tmp_path / "db.sqlite"), "--spec-file", str(spec)]
    assert main(["plan", "--check", *flags, "--out", str(tmp_path / "plan.sql")]) == 2
    assert (
        main(
            [
                "apply",
                "--driver",
                "sqlite",
                "--uri",
                str(tmp_path / "db.sqlite"),
                "--ddl",
                str(tmp_path / "plan.sql"),
            ]
        )
        == 0
    )
    assert main(["plan", "--check", *flags]) == 0
    assert capsys.readouterr().out == ""
