"""Reading spec documents: plain specs or whole Kubernetes objects, YAML or JSON, file or folder."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemahero.schema.diagnostics import Diagnostic, SpecError
from schemahero.schema.specs import KIND_SPECS, SPEC_TYPES

API_GROUP = "schemas.schemahero.io"
KIND_GROUPS = dict.fromkeys(KIND_SPECS, API_GROUP) | {"Database": "databases.schemahero.io"}
"""The API group of each kind, as upstream's CRDs define them."""
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SpecObject:
    """One desired object as it crosses to a driver: its kind, name and spec as plain data.

    `source` names where it was read (`specs/users.yaml: Table users`) so that diagnostics can
    point at it.
    """

    kind: str
    name: str
    spec: Mapping[str, Any]
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "spec": dict(self.spec),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SpecObject:
        return cls(str(data["kind"]), str(data["name"]), data["spec"], str(data.get("source", "")))


def kind_for_spec_type(spec_type: str | None) -> str:
    """The kind of plain specs given `--spec-type` (`table` when not given)."""
    key = (spec_type or "table").lower()
    if key not in SPEC_TYPES:
        allowed = ", ".join(sorted(SPEC_TYPES))
        raise SpecError([Diagnostic("invalid-spec-type", f"--spec-type {spec_type!r}: not one of {allowed}")])
    return SPEC_TYPES[key]


def spec_files(path: Path) -> list[Path]:
    """The spec files at `path`: the file itself, or a folder's spec files in name order."""
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix in SPEC_SUFFIXES and p.name != "kustomization.yaml"
        )
    if not path.exists():
        raise SpecError([Diagnostic("not-found", f"{path}: no such file or directory")])
    return [path]


def load(path: Path, spec_type: str | None = None) -> list[SpecObject]:
    """Every object in the files at `path`; raises SpecError naming each unreadable document."""
    default_kind = kind_for_spec_type(spec_type)
    objects: list[SpecObject] = []
    problems: list[Diagnostic] = []
    for file in spec_files(path):
        for number, document in _documents(file, problems):
            found = _to_object(document, default_kind, _label(file, number), problems)
            if found is not None:
                objects.append(found)
    if problems:
        raise SpecError(problems)
    return objects


def _documents(file: Path, problems: list[Diagnostic]) -> Iterator[tuple[int, Any]]:
    try:
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".json":
            loaded = json.loads(text)
            documents = loaded if isinstance(loaded, list) else [loaded]
        else:
            documents = [d for d in yaml.safe_load_all(text) if d is not None]
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        problems.append(Diagnostic("unreadable", _first_line(error), source=str(file)))
        return
    many = len(documents) > 1
    for number, document in enumerate(documents):
        yield (number if many else -1), document


def _to_object(document: Any, default_kind: str, where: str, problems: list[Diagnostic]) -> SpecObject | None:
    if not isinstance(document, dict):
        problems.append(Diagnostic("invalid-type", "a spec document must be a mapping", source=where))
        return None
    if "apiVersion" in document or "kind" in document:
        return _from_kubernetes(document, where, problems)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        name = Path(where.split(":", maxsplit=1)[0]).stem
    return SpecObject(default_kind, name, document, f"{where}: {default_kind} {name}")


def _from_kubernetes(document: dict[str, Any], where: str, problems: list[Diagnostic]) -> SpecObject | None:
    kind = document.get("kind")
    api_version = str(document.get("apiVersion", ""))
    if kind not in KIND_GROUPS or api_version.split("/", maxsplit=1)[0] != KIND_GROUPS[kind]:
        if api_version.startswith(("kustomize.config.k8s.io/", "v1")):
            return None
        problems.append(
            Diagnostic(
                "unknown-kind",
                f"{api_version or '?'} {kind or '?'} is not a SchemaHero kind",
                "kind",
                source=where,
            )
        )
        return None
    metadata = document.get("metadata") or {}
    spec = document.get("spec")
    name = str(metadata.get("name") or "") if isinstance(metadata, dict) else ""
    source = f"{where}: {kind} {name}".rstrip()
    if not isinstance(spec, dict):
        problems.append(Diagnostic("required", "is required and must be a mapping", "spec", source=source))
        return None
    return SpecObject(str(kind), str(spec.get("name") or name), spec, source)


def _label(file: Path, number: int) -> str:
    return f"{file}" if number < 0 else f"{file}[{number}]"


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())
