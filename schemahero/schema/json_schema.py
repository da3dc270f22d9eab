"""JSON Schema of the spec dataclasses, as structural OpenAPI v3 (what a CRD accepts).

One source for every published schema: drivers return their block's schema in GetPluginInfo,
and the CRDs under manifests/crds are generated from the same types.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from schemahero.schema.decoding import camel

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
}


def schema_of(hint: Any) -> dict[str, Any]:
    """The schema of a spec type: objects list their properties and required fields."""
    origin = get_origin(hint)
    if hint is Any:
        return {"x-kubernetes-preserve-unknown-fields": True}
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return schema_of(options[0])
        return {"x-kubernetes-int-or-string": True} if set(options) == {int, str} else {}
    if origin is Literal:
        values = get_args(hint)
        return {**schema_of(type(values[0])), "enum": list(values)}
    if origin in (list, tuple):
        return {"type": "array", "items": schema_of(get_args(hint)[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": schema_of(get_args(hint)[1])}
    if dataclasses.is_dataclass(hint):
        return _object(typing.cast(type, hint))
    return dict(_SCALARS[hint])


def _object(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        key = f.metadata.get("key", camel(f.name))
        properties[key] = schema_of(hints[f.name])
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(key)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        schema["description"] = " ".join(cls.__doc__.split())
    if required:
        schema["required"] = required
    return schema
