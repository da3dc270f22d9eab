"""From specs to the model: what a set of PostgreSQL specs asks the database to hold.

Objects are normalised as the catalog reader builds them (see inspect.py), so that an object
that already matches compares equal. A flavour (timescaledb) reads its own spec block and adds
its attributes by overriding `table_attrs` and `view_attrs`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from schemahero.drivers.postgres import defaults, triggers, typenames
from schemahero.drivers.postgres.bulk import paused_collector
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic, Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.model import (
    Column,
    DataType,
    Desired,
    Extension,
    ForeignKey,
    Function,
    ObjectRef,
    Table,
    View,
)
from schemahero.schema.parsing import parse
from schemahero.schema.sql_tables import seed_rows, to_table

INDEX_OPTIONS: Mapping[str, frozenset[str]] = {
    "btree": frozenset({"fillfactor", "deduplicate_items"}),
    "hash": frozenset({"fillfactor"}),
    "gist": frozenset({"fillfactor", "buffering"}),
    "spgist": frozenset({"fillfactor"}),
    "gin": frozenset({"fastupdate", "gin_pending_list_limit"}),
    "brin": frozenset({"pages_per_range", "autosummarize"}),
}
"""Storage parameters of the built-in index methods; other methods (extensions) are not checked."""

ON_DELETE = {
    "": "",
    "no action": "",
    "cascade": "cascade",
    "restrict": "restrict",
    "set null": "set null",
    "set default": "set default",
}
"""Spec spellings of ON DELETE, as the catalog reader names them ("" is NO ACTION)."""

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_OPTION_VALUE = re.compile(r"-?\d+(\.\d+)?|[A-Za-z_]+\Z")


class Modeler:
    """Reads specs for one engine block name (`postgres`, or a flavour's)."""

    def __init__(self, engine: str) -> None:
        self.engine = engine

    def desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        with paused_collector():
            return self._desired(objects)

    def _desired(self, objects: Sequence[SpecObject]) -> tuple[Desired, list[Diagnostic]]:
        desired = Desired()
        problems: list[Diagnostic] = []
        declared: dict[ObjectRef, str] = {}
        for obj in objects:
            spec, found = parse(obj)
            mine: list[Diagnostic] = []
            before = (len(desired.objects), len(desired.deleted))
            if spec is not None and not any(d.severity is Severity.ERROR for d in found):
                mine = list(self._add(spec, desired))
            added = [o.ref for o in desired.objects[before[0] :]] + desired.deleted[before[1] :]
            for ref in added:
                if ref in declared:
                    mine.append(
                        Diagnostic("duplicate", f"{ref} is also declared by {declared[ref]}", "spec.name")
                    )
                declared.setdefault(ref, obj.source)
            problems += found + [d.located(obj.source) for d in mine]
        return desired, problems

    # --- one kind each ---------------------------------------------------------------------

    def _add(self, spec: Any, desired: Desired) -> Iterator[Diagnostic]:
        if isinstance(spec, specs.TableSpec):
            yield from self._table(spec, desired)
        elif isinstance(spec, specs.ViewSpec):
            yield from self._view(spec, desired)
        elif isinstance(spec, specs.FunctionSpec):
            yield from self._function(spec, desired)
        elif isinstance(spec, specs.DatabaseExtensionSpec):
            yield from self._extension(spec, desired)
        elif isinstance(spec, specs.DataTypeSpec):
            yield from self._data_type(spec, desired)

    def _table(self, spec: specs.TableSpec, desired: Desired) -> Iterator[Diagnostic]:
        block = getattr(spec.schema, self.engine, None) if spec.schema else None
        path = f"spec.schema.{self.engine}"
        rows = seed_rows(spec.seed_data)
        if block is None:
            others = [k for k, v in vars(spec.schema or specs.TableSchemas()).items() if v is not None]
            if others:
                yield Diagnostic(
                    "other-engine",
                    f"no {path} block (only {', '.join(others)}): the table is left alone",
                    path,
                    Severity.WARNING,
                )
                return
            if rows:
                desired.seeds[ObjectRef("table", spec.name)] = rows
            return
        if block.is_deleted:
            desired.deleted.append(ObjectRef("table", spec.name, block.schema or ""))
            return
        problems = list(self._check_table(block, path))
        table = self.table(block, spec.name, problems)
        yield from problems
        if table is None:
            return
        desired.objects.append(dataclasses.replace(table, previous_names=tuple(spec.previous_names)))
        if rows:
            desired.seeds[table.ref] = rows

    def table(self, block: specs.PostgresTableSchema, name: str, problems: list[Diagnostic]) -> Table | None:
        """The model of a table block (None when its problems keep it from being one)."""
        attrs = self.table_attrs(block, f"spec.schema.{self.engine}", problems)
        if any(p.severity is Severity.ERROR for p in problems):
            return None
        table = to_table(
            block,
            name,
            normalize_type=typenames.display,
            parse_default=defaults.from_spec,
            index_attrs=_index_attrs,
            schema=block.schema or "",
            attrs=attrs,
        )
        pk = set(table.primary_key.columns) if table.primary_key else set()
        return dataclasses.replace(
            table,
            columns=tuple(_implied_not_null(c, c.name in pk) for c in table.columns),
            foreign_keys=tuple(_foreign_key(fk) for fk in table.foreign_keys),
        )

    def table_attrs(
        self, block: specs.PostgresTableSchema, path: str, problems: list[Diagnostic]
    ) -> dict[str, Any]:
        """Engine attributes of a table: its triggers (a flavour adds its own)."""
        found: list[triggers.Trigger] = []
        for i, spec in enumerate([*block.triggers, *block.json_triggers]):
            trigger, trouble = triggers.from_spec(spec, f"{path}.triggers[{i}]")
            problems += trouble
            if trigger is not None:
                found.append(trigger)
        return {"triggers": tuple(found)}

    def _check_table(self, block: specs.PostgresTableSchema, path: str) -> Iterator[Diagnostic]:
        for i, index in enumerate(block.indexes):
            method = (index.type or "btree").lower()
            where = f"{path}.indexes[{i}]"
            if not _WORD.match(method):
                yield Diagnostic("invalid-value", f"{index.type!r} is not an index method", f"{where}.type")
            allowed = INDEX_OPTIONS.get(method)
            for key, value in index.with_.items():
                at = f"{where}.with.{key}"
                if not _WORD.match(key):
                    yield Diagnostic("invalid-value", f"{key!r} is not a storage parameter name", at)
                elif allowed is not None and key.lower() not in allowed:
                    yield Diagnostic(
                        "invalid-option",
                        f"{key} is not a storage parameter of {method} indexes "
                        f"({method} takes {', '.join(sorted(allowed))})",
                        at,
                    )
                if not _OPTION_VALUE.fullmatch(str(value)):
                    yield Diagnostic("invalid-value", f"{value!r} is not a number or a word", at)

    def _view(self, spec: specs.ViewSpec, desired: Desired) -> Iterator[Diagnostic]:
        block = getattr(spec.schema, self.engine, None) if spec.schema else None
        if block is None:
            yield Diagnostic("required", f"a View needs spec.schema.{self.engine}", "spec.schema")
            return
        if block.is_deleted:
            desired.deleted.append(ObjectRef("view", spec.name, block.schema or ""))
            return
        if not block.query.strip():
            yield Diagnostic("required", "is required", f"spec.schema.{self.engine}.query")
            return
        query = block.query.strip().rstrip(";").rstrip()
        desired.objects.append(View(spec.name, query, block.schema or "", self.view_attrs(block)))

    def view_attrs(self, block: specs.PostgresViewSchema) -> dict[str, Any]:
        """Engine attributes of a view (a flavour's continuous aggregates add theirs)."""
        return {}

    def _function(self, spec: specs.FunctionSpec, desired: Desired) -> Iterator[Diagnostic]:
        block = getattr(spec.schema, self.engine, None) if spec.schema else None
        if block is None:
            yield Diagnostic("required", f"a Function needs spec.schema.{self.engine}", "spec.schema")
            return
        if block.is_deleted:
            desired.deleted.append(ObjectRef("function", spec.name, block.schema or ""))
            return
        path = f"spec.schema.{self.engine}"
        if not _WORD.match(block.lang):
            yield Diagnostic("invalid-value", f"{block.lang!r} is not a language name", f"{path}.lang")
            return
        modes = tuple((p.mode or "in").lower() for p in block.params)
        for i, mode in enumerate(modes):
            if mode not in ("in", "out", "inout", "variadic"):
                yield Diagnostic(
                    "invalid-value", f"{mode!r} is not in, out, inout or variadic", f"{path}.params[{i}].mode"
                )
                return
        desired.objects.append(
            Function(
                name=spec.name,
                body=block.as_,
                returns=block.return_,
                language=block.lang,
                params=tuple((p.name, p.type) for p in block.params),
                schema=block.schema or "",
                attrs={"modes": modes if any(m != "in" for m in modes) else ()},
            )
        )

    def _extension(self, spec: specs.DatabaseExtensionSpec, desired: Desired) -> Iterator[Diagnostic]:
        block = getattr(spec, self.engine, None) or spec.postgres
        if block is None:
            yield Diagnostic("required", f"a DatabaseExtension needs {self.engine}", self.engine)
            return
        attrs = {"schema": block.schema} if block.schema else {}
        desired.objects.append(Extension(block.name, block.version or "", "", attrs))

    def _data_type(self, spec: specs.DataTypeSpec, desired: Desired) -> Iterator[Diagnostic]:
        block = spec.schema.postgres if spec.schema else None
        if block is None:
            yield Diagnostic("required", "a DataType needs spec.schema.postgres (an enum)", "spec.schema")
            return
        if block.is_deleted:
            desired.deleted.append(ObjectRef("type", spec.name, block.schema or ""))
            return
        if not block.values or len(set(block.values)) != len(block.values):
            yield Diagnostic("invalid-value", "an enum needs distinct values", "spec.schema.postgres.values")
            return
        desired.objects.append(DataType(spec.name, values=tuple(block.values), schema=block.schema or ""))


def _index_attrs(index: specs.PostgresIndex) -> dict[str, Any]:
    options = tuple(sorted((k.lower(), str(v)) for k, v in index.with_.items()))
    return {"method": (index.type or "btree").lower(), "with": options, "where": (index.where or "").strip()}


def _implied_not_null(column: Column, in_primary_key: bool) -> Column:
    """A primary key or serial column is NOT NULL, whether the spec says so or not."""
    if not column.nullable or not (in_primary_key or typenames.serial_base(column.type)):
        return column
    return dataclasses.replace(column, nullable=False, attrs={**column.attrs, "implied_not_null": True})


def _foreign_key(fk: ForeignKey) -> ForeignKey:
    """`references.table` may name a schema (`audit.users`); ON DELETE as the catalog says it."""
    schema, dot, table = fk.ref_table.partition(".")
    if not dot:
        schema, table = fk.ref_schema, fk.ref_table
    action = " ".join(fk.on_delete.split())
    return ForeignKey(fk.name, fk.columns, table, fk.ref_columns, ON_DELETE.get(action, action), schema)
