"""The committed stubs are what scripts/generate-stubs makes of driver.proto today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from schemahero.driver_api import _gen

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = Path(_gen.__file__).parent


def test_committed_stubs_match_the_proto(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate-stubs"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    generated = {p.name: p.read_text() for p in sorted(tmp_path.iterdir())}
    committed = {name: (COMMITTED / name).read_text() for name in generated}
    stale = sorted(name for name in generated if generated[name] != committed[name])
    assert not stale, f"out of date: {', '.join(stale)}; run .venv/bin/python scripts/generate-stubs"
