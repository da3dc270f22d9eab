"""Printing objects: tables padded as kubectl does, ages as upstream prints them, JSON, YAML."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import yaml

NOTHING = "No resources found."


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns separated by two spaces at least, each as wide as its widest cell."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines) + "\n"


def age(timestamp: int | None, now: float | None = None) -> str:
    """How long ago a unix time was, as upstream's CLI prints it (empty for none)."""
    if not timestamp:
        return ""
    seconds = int((time.time() if now is None else now) - timestamp)
    minutes, hours = seconds // 60, seconds // 3600
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 600:
        return f"{minutes}m{seconds % 60}s"
    if seconds < 3600:
        return f"{minutes}m"
    if seconds < 86400:
        return f"{hours}h"
    return f"{hours // 24}d{hours % 24}h"


def objects(items: Sequence[dict[str, Any]], output: str) -> str:
    """A kubectl-style List of `items` as JSON or YAML."""
    document = {"apiVersion": "v1", "kind": "List", "items": [_shown(i) for i in items]}
    return _dump(document, output)


def one(document: dict[str, Any], output: str) -> str:
    return _dump(_shown(document), output)


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    """The object without its managedFields, which kubectl hides too."""
    meta = {k: v for k, v in (item.get("metadata") or {}).items() if k != "managedFields"}
    return {**item, "metadata": meta}


def _dump(document: dict[str, Any], output: str) -> str:
    if output == "json":
        return json.dumps(document, indent=4) + "\n"
    return yaml.safe_dump(document, sort_keys=False)
