"""`--rollout`, pre-flight counts and `apply --spec-file` on SQLite files (no server needed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

from schemahero.cli.main import main
from schemahero.cli.phases import of_phase
from schemahero.driver_api.rollout import Rollout
from schemahero.driver_api.types import Step, StepKind
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef


def table(name: str, *columns: dict[str, Any]) -> dict[str, Any]:
    listed = [{"name": "id", "type": "integer"}, *columns]
    return {"name": name, "schema": {"sqlite": {"primaryKey": ["id"], "columns": listed}}}


EMAIL: dict[str, Any] = {"name": "email", "type": "text"}
NICK: dict[str, Any] = {"name": "nick", "type": "text"}


def database(folder: Path, *specs: dict[str, Any]) -> list[str]:
    """A database with users(id, email) and people(id, email, old), and `specs`: the flags of
    `plan` and `apply` for them."""
    db = sqlite3.connect(folder / "db.sqlite")
    db.executescript(
        "create table users (id integer primary key, email text);"
        "create table people (id integer primary key, email text, old text);"
        "insert into users values (1, null), (2, 'b');"
    )
    db.commit()
    db.close()
    (folder / "specs.yaml").write_text(yaml.safe_dump_all(specs))
    return [
        "--driver",
        "sqlite",
        "--uri",
        str(folder / "db.sqlite"),
        "--spec-file",
        str(folder / "specs.yaml"),
    ]


@pytest.fixture
def flags(tmp_path: Path) -> list[str]:
    """Specs that make users.email NOT NULL over a NULL, add users.nick and drop people.old."""
    return database(
        tmp_path, table("users", {**EMAIL, "constraints": {"notNull": True}}, NICK), table("people", EMAIL)
    )


def test_plan_reports_counted_rows_on_stderr_only(
    flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--check", *flags]) == 2
    out, err = capsys.readouterr()
    assert "rows of users" not in out
    assert "fails on 1 row of users with NULL in email (insert into users" in err


def test_apply_refuses_before_anything_runs(flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    main(["plan", *flags])
    planned = capsys.readouterr().out
    assert main(["apply", *flags]) == 1
    assert (
        "pre-flight check: 1 row of users with NULL in email; nothing was applied" in capsys.readouterr().err
    )
    main(["plan", *flags])
    assert capsys.readouterr().out == planned


def test_expand_then_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = database(tmp_path, table("users", EMAIL, NICK), table("people", EMAIL))
    printed = {}
    for phase in ("", "expand", "contract"):
        assert main(["plan", *flags, *(["--rollout", phase] if phase else [])]) == 0
        printed[phase] = capsys.readouterr().out
    assert printed["expand"] == 'alter table "users" add column "nick" text;\n'
    assert printed["contract"] == 'alter table "people" drop column "old";\n'
    assert printed[""] == printed["expand"] + printed["contract"]

    assert main(["apply", *flags, "--rollout", "contract"]) == 1
    assert "1 expand statements are not applied yet" in capsys.readouterr().err
    assert main(["apply", *flags, "--rollout", "expand"]) == 0
    assert "run one by one, without the check" in capsys.readouterr().err
    assert main(["apply", *flags, "--rollout", "contract"]) == 0
    assert main(["plan", "--check", *flags]) == 0
    assert capsys.readouterr().out == ""


def test_a_ddl_file_is_applied_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plan.sql").write_text("create table t (id integer);\n")
    flags = ["--driver", "sqlite", "--uri", str(tmp_path / "db"), "--ddl", str(tmp_path / "plan.sql")]
    assert main(["apply", *flags, "--rollout", "expand"]) == 1
    assert "--rollout needs --spec-file" in capsys.readouterr().err


def test_help_explains_expand_and_contract(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("plan", "apply"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "expand: the statements that are safe while the current application still runs" in out
        assert "contract: the statements that are only safe once the new application is rolled out" in out


def test_a_phase_keeps_the_plan_order() -> None:
    users, people = ObjectRef("table", "users"), ObjectRef("table", "people")
    drop = Hazard(HazardKind.DELETES_DATA, "drops old")
    steps = [
        Step("add nick", StepKind.ALTER_TABLE, users),
        Step("drop old", StepKind.ALTER_TABLE, people, hazards=(drop,)),
        Step("add mail", StepKind.ALTER_TABLE, users),
    ]
    assert [s.sql for s in of_phase(steps, Rollout.EXPAND)] == ["add nick", "add mail"]
    assert [s.sql for s in of_phase(steps, Rollout.CONTRACT)] == ["drop old"]
    assert of_phase(steps, None) == steps
