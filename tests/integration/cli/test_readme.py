"""The README's SQLite walk-throughs, run as written (only /tmp moved to a test folder)."""

from __future__ import annotations

import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCHEMAHERO = Path(sys.executable).parent / "schemahero"


def commands(section: str) -> list[str]:
    """The lines of the first `sh` block under the README heading `section`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", body, re.S)
    assert block is not None, f"no sh block under {section}"
    return block.group(1).splitlines()


def run(line: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    words = [w.replace("/tmp/", f"{tmp}/") for w in shlex.split(line)]
    assert words[0] == ".venv/bin/schemahero", line
    return subprocess.run(
        [str(SCHEMAHERO), *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("section", "codes"),
    [("Try it on SQLite", [0, 0, 0]), ("Change a live database safely", [0, 0, 2, 0, 1, 0, 0])],
)
def test_walk_through_runs_as_written(section: str, codes: list[int], tmp_path: Path) -> None:
    results = [run(line, tmp_path) for line in commands(section)]
    assert [r.returncode for r in results] == codes, [r.stderr for r in results]
    if section == "Try it on SQLite":
        assert results[-1].stdout == ""
        return
    check, expand, refused = results[2], results[3], results[4]
    assert "statement 6 fails on 3 rows of users with NULL in email" in check.stderr
    assert expand.stdout.startswith('create table "audit"') and expand.stdout.count(";\n") == 1
    assert "pre-flight check: 3 rows of users with NULL in email; nothing was applied" in refused.stderr
    with sqlite3.connect(tmp_path / "app.db") as db:
        assert db.execute("select id, handle from users order by id").fetchall() == [
            (1, "ada"),
            (2, "bob"),
            (3, "cy"),
            (4, "dee"),
        ]
    again = run(commands(section)[2], tmp_path)
    assert (again.returncode, again.stdout) == (0, "")
