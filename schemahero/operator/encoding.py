"""Typed status data to and from the plain JSON of Kubernetes objects.

Reading goes through the spec decoder (the same field names, the same types), writing is its
inverse: a dataclass becomes a mapping keyed as the CRD schema names its fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from schemahero.schema.decoding import camel, decode

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """Plain JSON data of `value`: dataclasses by their schema keys, None fields left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is not None:
                data[f.metadata.get("key", camel(f.name))] = to_json(item)
        return data
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(cls: type[T], data: Any) -> T:
    """`data` read as `cls`; what does not fit is dropped, so that a bad status never blocks."""
    decoded, _ = decode(cls, to_json(data) if isinstance(data, Mapping) else {}, "status")
    return decoded if decoded is not None else cls()
