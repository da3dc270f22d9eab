"""Diagnostics: domain problems reported with a stable code and the spec path they concern."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec or a database, never a traceback.

    `path` is the field path inside the object (`spec.schema.sqlite.columns[2].type`), `source`
    names where the object came from (`specs/users.yaml: Table users`).
    """

    code: str
    message: str
    path: str = ""
    severity: Severity = Severity.ERROR
    source: str = ""

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.path) if part)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity.value}: {self.message} [{self.code}]"

    def located(self, source: str) -> Diagnostic:
        """The same diagnostic, naming where its object came from."""
        return Diagnostic(self.code, self.message, self.path, self.severity, source)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


class SpecError(Exception):
    """Raised when specs cannot be used; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
