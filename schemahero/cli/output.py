"""Writing results: to a file when one is named, else to stdout."""

from __future__ import annotations

import sys
from pathlib import Path


def write_text(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
