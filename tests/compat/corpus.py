"""The upstream corpus: its cases, and how a plan's text is scored against a golden."""

from __future__ import annotations

import enum
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(
    os.environ.get(
        "SCHEMAHERO_COMPAT_CORPUS", Path(__file__).resolve().parents[3] / "shared/compat/schemahero"
    )
)
CORRECTIONS = Path(__file__).parent / "corrections"
"""Per case, files that replace a golden or a fixture that today's servers refuse (README.md
there says why for each)."""


@dataclass(frozen=True)
class Case:
    folder: Path
    engine: str
    driver: str
    command: str
    spec: Path | None
    spec_type: str
    fixtures: str
    expect: str | None
    upstream_expect: str | None
    """The golden as upstream recorded it (`expect` is its correction, where there is one)."""
    upstream_ran: bool

    @property
    def id(self) -> str:
        return str(self.folder.relative_to(ROOT))


def cases(engines: set[str]) -> list[Case]:
    """Every case of the corpus whose engine is in `engines`, in folder order."""
    found = []
    for manifest in sorted(ROOT.glob("**/case.yaml")):
        raw = yaml.safe_load(manifest.read_text())
        if raw["engine"] not in engines:
            continue
        folder = manifest.parent
        corrected = CORRECTIONS / folder.relative_to(ROOT)
        found.append(
            Case(
                folder=folder,
                engine=raw["engine"],
                driver=raw["driver"],
                command=raw["command"],
                spec=folder / raw["spec"] if raw.get("spec") else None,
                spec_type=raw.get("spec_type") or "table",
                fixtures=_read(corrected / "fixtures.sql", folder, raw.get("fixtures")) or "",
                expect=_read(corrected / "expect.sql", folder, raw.get("expect")),
                upstream_expect=(folder / raw["expect"]).read_text() if raw.get("expect") else None,
                upstream_ran=bool(raw.get("upstream_ran")),
            )
        )
    return found


def _read(correction: Path, folder: Path, name: str | None) -> str | None:
    if correction.exists():
        return correction.read_text()
    return (folder / name).read_text() if name else None


class Verdict(enum.StrEnum):
    EXACT = "exact"
    EQUIVALENT = "equivalent"
    DIFFERENT = "different"


_HASHED_NAME = re.compile(r"\b([A-Za-z0-9_]+?)_[0-9a-f]{64}\b")


def score(expected: str, actual: str) -> Verdict:
    """EXACT: the same lines, blank lines ignored (upstream's `diff -B`). EQUIVALENT: the same
    statements after normalising white space, order and generated temporary-table names."""
    if _lines(expected) == _lines(actual):
        return Verdict.EXACT
    if Counter(_statements(expected)) == Counter(_statements(actual)):
        return Verdict.EQUIVALENT
    return Verdict.DIFFERENT


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _statements(text: str) -> list[str]:
    normalised = _HASHED_NAME.sub(r"\1_<hash>", text)
    parts = [" ".join(p.split()) for p in normalised.split(";\n")]
    return [p.rstrip(";") for p in parts if p]
