"""Decoding of plain JSON-like data into typed spec dataclasses, with field paths in errors.

A dataclass field `is_deleted` reads the key `isDeleted`; `field(metadata={"key": ...})`
overrides the key. Fields without a default are required. Unknown keys are warnings, so that a
typo is visible without refusing specs that the API server would have pruned.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from schemahero.schema.diagnostics import Diagnostic, Severity

T = TypeVar("T")

_SCALAR_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}


class Decoder:
    """Collects diagnostics while decoding one object."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, path))

    def warn(self, path: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(code, message, path, Severity.WARNING))

    def decode(self, hint: Any, value: Any, path: str) -> Any:
        """Return `value` converted to `hint`, or None after recording why it cannot be."""
        if type(value) is hint and hint in _SCALAR_NAMES:
            return value
        if hint is Any:
            return value
        origin = _origin(hint)
        if origin in (Union, types.UnionType):
            return self._union(hint, value, path)
        if origin is Literal:
            if value in get_args(hint):
                return value
            allowed = ", ".join(repr(a) for a in get_args(hint))
            self.error(path, "invalid-value", f"must be one of {allowed}, not {value!r}")
            return None
        if origin in (list, tuple):
            return self._list(get_args(hint)[0], value, path)
        if origin is dict:
            return self._dict(get_args(hint)[1], value, path)
        if dataclasses.is_dataclass(hint):
            return self._dataclass(typing.cast(type, hint), value, path)
        return self._scalar(hint, value, path)

    def _union(self, hint: Any, value: Any, path: str) -> Any:
        options = [a for a in get_args(hint) if a is not type(None)]
        if value is None:
            return None
        for option in options:
            if _accepts(option, value):
                return self.decode(option, value, path)
        return self.decode(options[0], value, path)

    def _list(self, item: Any, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            self.error(path, "invalid-type", f"must be a list, not {_describe(value)}")
            return None
        return [self.decode(item, v, f"{path}[{i}]") for i, v in enumerate(value)]

    def _dict(self, item: Any, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            self.error(path, "invalid-type", f"must be a mapping, not {_describe(value)}")
            return None
        return {str(k): self.decode(item, v, f"{path}.{k}") for k, v in value.items()}

    def _dataclass(self, cls: type, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            self.error(path, "invalid-type", f"must be a mapping, not {_describe(value)}")
            return None
        fields = _fields(cls)
        known = _known(cls)
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.warn(_join(path, str(key)), "unknown-field", f"unknown field{hint}")
        kwargs: dict[str, Any] = {}
        for key, f, hint in fields:
            sub = _join(path, key)
            if key in value and value[key] is not None:
                kwargs[f.name] = self.decode(hint, value[key], sub)
            elif _required(f):
                self.error(sub, "required", "is required")
                kwargs[f.name] = None
        return cls(**kwargs)

    def _scalar(self, hint: Any, value: Any, path: str) -> Any:
        if hint is str and isinstance(value, int | float | bool):
            return str(value).lower() if isinstance(value, bool) else str(value)
        if hint is float and isinstance(value, int | str) and not isinstance(value, bool):
            try:
                return float(value)
            except ValueError:
                pass
        if hint is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        expected = _SCALAR_NAMES.get(hint, getattr(hint, "__name__", str(hint)))
        self.error(path, "invalid-type", f"must be {expected}, not {_describe(value)}")
        return None


def decode(cls: type[T], value: Any, path: str) -> tuple[T | None, list[Diagnostic]]:
    """Decode `value` as `cls`; the result is None only if `value` is not a mapping."""
    decoder = Decoder()
    result = decoder.decode(cls, value, path)
    return result, decoder.diagnostics


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, dataclasses.Field[Any], Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.metadata.get("key", camel(f.name)), f, hints[f.name]) for f in dataclasses.fields(cls))


@functools.cache
def _known(cls: type) -> frozenset[str]:
    return frozenset(key for key, _, _ in _fields(cls))


@functools.cache
def _origin(hint: Any) -> Any:
    return get_origin(hint)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _accepts(hint: Any, value: Any) -> bool:
    origin = get_origin(hint)
    if origin in (list, tuple):
        return isinstance(value, list)
    if origin is dict or dataclasses.is_dataclass(hint):
        return isinstance(value, dict)
    if hint is Any:
        return True
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    kind = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}
    return kind.get(type(value), type(value).__name__) + (
        f" ({value!r})" if isinstance(value, str | int | float) else ""
    )
