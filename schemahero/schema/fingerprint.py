"""The schema fingerprint: a hash of the objects a plan reads, to refuse stale plans."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from schemahero.schema.model import ObjectRef, Schema


def fingerprint(schema: Schema, refs: Iterable[ObjectRef]) -> str:
    """sha256 over the canonical form of each named object (absent objects count as absent)."""
    digest = hashlib.sha256()
    for ref in sorted(set(refs), key=lambda r: (r.kind, r.schema, r.name)):
        found = schema.get(ref)
        body = _canonical(dataclasses.asdict(found)) if found is not None else None
        digest.update(json.dumps([str(ref), body], sort_keys=True, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value
