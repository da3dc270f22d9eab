"""Reading the catalog into the model, in a fixed number of queries sent in one pipeline.

Objects keep their real schema. When the caller asks for an object without a schema (a spec
that names none), the object of the current schema is also given under that name, with an
empty schema: plans then print it unqualified, as the spec did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import psycopg

from schemahero.drivers.postgres import defaults, queries, triggers, typenames
from schemahero.drivers.postgres.bulk import paused_collector
from schemahero.drivers.postgres.hooks import QUERY_MARK
from schemahero.schema.model import (
    Column,
    DatabaseObject,
    DataType,
    Extension,
    ForeignKey,
    Function,
    Index,
    ObjectRef,
    PrimaryKey,
    Schema,
    Table,
    View,
)

Row = tuple[Any, ...]
FROM_CATALOG = {"a": "", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
"""pg_constraint.confdeltype as the model names ON DELETE."""


@dataclass
class Wanted:
    """Query parameters for one kind: everything, or these (schema, name) pairs."""

    everything: bool
    schemas: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, refs: Sequence[ObjectRef] | None, kind: str) -> Wanted:
        if refs is None:
            return cls(True)
        mine = [r for r in refs if r.kind == kind]
        return cls(False, [r.schema for r in mine], [r.name for r in mine])

    @property
    def none(self) -> bool:
        return not self.everything and not self.names

    def params(self) -> dict[str, Any]:
        return {"everything": self.everything, "schemas": self.schemas, "names": self.names}


@dataclass
class TableParts:
    """What the catalog says about one table, gathered from the per-kind queries."""

    schema: str
    name: str
    columns: list[Column] = field(default_factory=list)
    attnames: dict[int, str] = field(default_factory=dict)
    primary_key: PrimaryKey | None = None
    indexes: list[Index] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    triggers: list[triggers.Trigger] = field(default_factory=list)


class CatalogReader:
    """Reads a PostgreSQL catalog; a flavour adds its own queries by overriding `extra`."""

    def read(self, conn: psycopg.Connection[Row], refs: Sequence[ObjectRef] | None) -> Schema:
        """The objects `refs` names (every object when None), in a fixed number of queries."""
        with paused_collector():
            return self._read(conn, refs)

    def _read(self, conn: psycopg.Connection[Row], refs: Sequence[ObjectRef] | None) -> Schema:
        tables = Wanted.of(refs, "table")
        jobs: list[tuple[str, str, dict[str, Any]]] = [("settings", queries.SETTINGS, {})]
        if not tables.none:
            for name, query in (
                ("tables", queries.TABLES),
                ("columns", queries.COLUMNS),
                ("constraints", queries.CONSTRAINTS),
                ("indexes", queries.INDEXES),
                ("triggers", queries.TRIGGERS),
            ):
                jobs.append((name, query, tables.params()))
        for name, query, kind in (
            ("views", queries.VIEWS, "view"),
            ("functions", queries.FUNCTIONS, "function"),
            ("enums", queries.ENUMS, "type"),
        ):
            wanted = Wanted.of(refs, kind)
            if not wanted.none:
                jobs.append((name, query, wanted.params()))
        if refs is None or any(r.kind == "extension" for r in refs):
            jobs.append(("extensions", queries.EXTENSIONS, {}))
        jobs += self.extra(refs)
        rows = run_all(conn, jobs)
        rows.update(self.more(conn, rows))
        current = rows["settings"][0][0] or "public"
        return Schema.of(_with_aliases(list(self.objects(rows)), refs, current))

    def extra(self, refs: Sequence[ObjectRef] | None) -> list[tuple[str, str, dict[str, Any]]]:
        """More queries a flavour sends with the others, as (name, query, parameters)."""
        return []

    def more(self, conn: psycopg.Connection[Row], rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
        """Queries a flavour sends once it has read the first answers (a second round trip)."""
        return {}

    def objects(self, rows: dict[str, list[Row]]) -> Iterable[DatabaseObject]:
        yield from self.tables(rows)
        yield from (view(r) for r in rows.get("views", []))
        yield from _first_of_each(function(r) for r in rows.get("functions", []))
        yield from (Extension(r[0], r[1], "", {"schema": r[2]}) for r in rows.get("extensions", []))
        yield from (DataType(r[1], values=tuple(r[2]), schema=r[0]) for r in rows.get("enums", []))

    def tables(self, rows: dict[str, list[Row]]) -> list[Table]:
        parts = {oid: TableParts(schema, name) for oid, schema, name in rows.get("tables", [])}
        for row in rows.get("columns", []):
            table = parts[row[0]]
            table.attnames[row[2]] = row[1]
            table.columns.append(_column(row))
        for oid, name, kind, keys, ref_schema, ref_table, ref_columns, on_delete in rows.get(
            "constraints", []
        ):
            table = parts[oid]
            columns = tuple(table.attnames[k] for k in keys)
            if kind == "p":
                table.primary_key = PrimaryKey(columns, name)
            else:
                same = ref_schema == table.schema
                table.foreign_keys.append(
                    ForeignKey(
                        name,
                        columns,
                        ref_table,
                        tuple(ref_columns),
                        FROM_CATALOG.get(on_delete, ""),
                        "" if same else ref_schema,
                    )
                )
        for oid, name, unique, method, options, where, keys, count, expressions, constraint in rows.get(
            "indexes", []
        ):
            table = parts[oid]
            columns = tuple(expressions or [table.attnames.get(k, "") for k in keys[:count]])
            attrs = {
                "method": method,
                "with": tuple(sorted(_option(o) for o in options or [])),
                "where": where or "",
                "constraint": constraint,
            }
            table.indexes.append(Index(name, columns, unique, attrs))
        for oid, name, tgtype, constraint, function, schema, args, columns, definition in rows.get(
            "triggers", []
        ):
            table = parts[oid]
            names = tuple(table.attnames[c] for c in columns or [])
            table.triggers.append(
                triggers.from_catalog(
                    name=name,
                    tgtype=tgtype,
                    constraint=constraint,
                    function=function,
                    function_schema=schema,
                    arguments=bytes(args),
                    columns=names,
                    definition=definition,
                )
            )
        return [self.table(p) for p in parts.values()]

    def table(self, parts: TableParts) -> Table:
        """The model of one table; a flavour adds attributes (and may drop its own objects)."""
        return Table(
            parts.name,
            tuple(parts.columns),
            parts.primary_key,
            tuple(parts.indexes),
            tuple(parts.foreign_keys),
            parts.schema,
            {"triggers": tuple(parts.triggers)},
        )


def run_all(
    conn: psycopg.Connection[Row], jobs: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, list[Row]]:
    """Run the queries in one pipeline: one round trip, whatever their number."""
    results: dict[str, list[Row]] = {}
    with conn.pipeline():
        cursors = []
        for name, query, params in jobs:
            cursor = conn.cursor()
            cursor.execute(query.encode(), params or None)
            cursors.append((name, cursor))
    for name, cursor in cursors:
        results[name] = cursor.fetchall()
    return results


def _column(row: Row) -> Column:
    """A column from its catalog row: a serial is its integer type with an owned sequence."""
    _, name, _, type_, notnull, default, identity, sequence = row
    if sequence:
        for pseudo, base in typenames.SERIALS.items():
            if type_ == base:
                return Column(name, pseudo, not notnull, None, identity, {"sequence": sequence})
    return Column(name, type_, not notnull, defaults.from_catalog(default), identity)


def _option(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key.lower(), value


def view(row: Row) -> View:
    schema, name, kind, definition, comment = row
    attrs: dict[str, Any] = {}
    if comment and comment.startswith(QUERY_MARK):
        attrs["query_hash"] = comment.removeprefix(QUERY_MARK)
    if kind == "m":
        attrs["materialized"] = True
    return View(name, (definition or "").strip().rstrip(";"), schema, attrs)


def function(row: Row) -> Function:
    schema, name, body, result, language, names, modes, types = row
    mode_names = {"i": "in", "o": "out", "b": "inout", "v": "variadic", "t": "table"}
    param_modes = tuple(mode_names.get(m, m) for m in modes)
    params = tuple((names[i] if i < len(names) else "", t) for i, t in enumerate(types))
    return Function(name, body, result, language, params, schema, {"modes": param_modes})


def _first_of_each(functions: Iterable[Function]) -> Iterable[Function]:
    seen: set[ObjectRef] = set()
    for found in functions:
        if found.ref not in seen:
            seen.add(found.ref)
            yield found


def _with_aliases(
    objects: list[DatabaseObject], refs: Sequence[ObjectRef] | None, current: str
) -> list[DatabaseObject]:
    """Objects, plus those of the current schema again without a schema when asked that way."""
    if refs is None:
        return objects
    unqualified = {(r.kind, r.name) for r in refs if not r.schema}
    aliases = [
        replace(o, schema="") for o in objects if o.schema == current and (o.ref.kind, o.name) in unqualified
    ]
    return objects + aliases
