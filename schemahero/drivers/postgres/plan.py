"""The only place that writes PostgreSQL statements: typed changes in, steps with hazards out.

Statements read as upstream SchemaHero printed them, quoting included (some names always
quoted, some only when needed), so plans stay comparable with upstream's. Each step names
what it may do besides changing the schema: lose data, rewrite or lock the table, fail on
existing rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from schemahero.driver_api.types import DataCheck, Step, StepKind
from schemahero.drivers._sql import checks
from schemahero.drivers._sql.preflight import Preflight
from schemahero.drivers.postgres import defaults, triggers, typenames
from schemahero.drivers.postgres.hazards import (
    ADD_FOREIGN_KEY,
    ADD_PRIMARY_KEY,
    BACKFILL,
    DROP_COLUMN,
    DROP_TABLE,
    DROP_TYPE,
    RENAME_COLUMN,
    RENAME_TABLE,
    SEED,
    SET_NOT_NULL,
    add_column_hazards,
    index_hazards,
    max_length,
    smaller_integer,
    type_change_hazards,
)
from schemahero.drivers.postgres.hooks import QUERY_MARK, query_hash, same_signature
from schemahero.drivers.postgres.literals import literal
from schemahero.drivers.postgres.names import QUOTE, qualified
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    Change,
    ColumnChange,
    CreateObject,
    CreateTable,
    DropColumn,
    DropForeignKey,
    DropIndex,
    DropObject,
    DropTable,
    ModifyColumn,
    ModifyPrimaryKey,
    ModifyTable,
    RenameColumn,
    RenameTable,
    ReplaceObject,
    TableChange,
    UpsertRows,
    change_ref,
)
from schemahero.schema.hazards import Hazard
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
    SeedRow,
    Table,
    View,
)

DOLLAR_QUOTE = "$_SCHEMAHERO_$"
_PHASES = ("extension", "type", "function")


class Renderer:
    """Renders changes; a flavour overrides the table and view parts it does differently."""

    def render(self, changes: Sequence[Change]) -> list[Step]:
        """Statements in an order that works: views go first and come back last, objects that
        tables use come before tables, and the types and functions they used go after them."""
        steps: list[Step] = []
        steps += self._each(c for c in changes if _is(c, DropObject, "view"))
        for kind in _PHASES:
            steps += self._each(c for c in changes if _is(c, (CreateObject, ReplaceObject), kind))
        steps += self.tables(
            [
                c
                for c in changes
                if isinstance(c, CreateTable | ModifyTable | DropTable | RenameTable | UpsertRows)
            ]
        )
        steps += self._each(c for c in changes if _is(c, (CreateObject, ReplaceObject), "view"))
        steps += self._each(c for c in changes if isinstance(c, DropObject) and c.object.ref.kind != "view")
        return steps

    def _each(self, changes: Iterable[Change]) -> list[Step]:
        return [step for change in changes for step in self.change(change)]

    def change(self, change: Change) -> list[Step]:
        match change:
            case CreateObject(object=View() as view):
                return self.create_view(view, None)
            case ReplaceObject(from_=View() as live, to=View() as view):
                return self.create_view(view, live)
            case DropObject(object=View() as view):
                return [self.drop_view(view)]
            case CreateObject(object=obj) | ReplaceObject(to=obj) if not isinstance(obj, View):
                return self.object(change)
            case DropObject(object=obj):
                return [self.drop_object(obj)]
        raise TypeError(f"not an object change: {change!r}")

    # --- tables --------------------------------------------------------------------------------

    def tables(self, changes: list[Change]) -> list[Step]:
        """Table changes in the order given; seed rows follow their table's last statement
        (those of tables that nothing else changes come first), and a foreign key to a table
        created later in the plan waits for that table."""
        steps: list[Step] = []
        preflight = Preflight.of(changes, _table, QUOTE.always)
        created_later = {c.table.ref for c in changes if isinstance(c, CreateTable)}
        waiting: dict[ObjectRef, list[Step]] = {}
        for change in changes:
            if isinstance(change, CreateTable):
                created_later.discard(change.table.ref)
                steps += self.create_table(change.table, created_later, waiting)
                steps += waiting.pop(change.table.ref, [])
            elif isinstance(change, ModifyTable):
                steps += self.modify_table(change.from_, change.to, change.changes, preflight)
            elif isinstance(change, RenameTable):
                sql = f"alter table {_table(change.from_)} rename to {QUOTE.always(change.to.name)}"
                steps.append(self.step(sql, StepKind.RENAME_TABLE, change.from_, RENAME_TABLE))
            elif isinstance(change, DropTable):
                steps.append(
                    self.step(
                        f"drop table {_table(change.table)}", StepKind.DROP_TABLE, change.table, DROP_TABLE
                    )
                )
        return self.with_seeds(steps, [c for c in changes if isinstance(c, UpsertRows)])

    def with_seeds(self, steps: list[Step], upserts: list[UpsertRows]) -> list[Step]:
        last = {step.object: i for i, step in enumerate(steps)}
        head: list[Step] = []
        after: dict[int, list[Step]] = {}
        for change in upserts:
            position = last.get(change.table)
            (head if position is None else after.setdefault(position, [])).extend(self.upsert(change))
        return head + [s for i, step in enumerate(steps) for s in (step, *after.get(i, []))]

    def create_table(
        self, table: Table, created_later: set[ObjectRef], waiting: dict[ObjectRef, list[Step]]
    ) -> list[Step]:
        parts = [self.column_definition(c) for c in table.columns]
        if table.primary_key:
            parts.append(f"primary key ({QUOTE.join(table.primary_key.columns, always=True)})")
        for fk in table.foreign_keys:
            target = _target(fk, table)
            if target in created_later:
                sql = (
                    f"alter table {_table(table, always=False)} add constraint {self.foreign_key(fk, table)}"
                )
                waiting.setdefault(target, []).append(self.step(sql, StepKind.ALTER_TABLE, table))
            else:
                parts.append(f"constraint {self.foreign_key(fk, table)}")
        separate = []
        for index in table.indexes:
            if _as_constraint(index):
                columns = QUOTE.join(index.columns, always=True)
                parts.append(f"constraint {QUOTE.always(index.name)} unique ({columns}){_with(index)}")
            else:
                separate.append(index)
        steps = [
            self.step(f"create table {_table(table)} ({', '.join(parts)})", StepKind.CREATE_TABLE, table)
        ]
        steps += [self.step(self.create_index(i, table), StepKind.CREATE_INDEX, table) for i in separate]
        steps += [
            self.step(self.create_trigger(t, table), StepKind.ALTER_TABLE, table)
            for t in table.attrs.get("triggers", ())
        ]
        return steps

    def column_definition(self, column: Column) -> str:
        text = f"{QUOTE.always(column.name)} {column.type}"
        if not column.nullable and not column.attrs.get("implied_not_null"):
            text += " not null"
        if column.default is not None:
            text += f" default {defaults.render(column.default)}"
        if column.auto_increment:
            text += " generated by default as identity"
        return text

    def foreign_key(self, fk: ForeignKey, table: Table) -> str:
        target = qualified(fk.ref_table, fk.ref_schema or table.schema)
        text = (
            f"{QUOTE.when_needed(fk.name)} foreign key ({QUOTE.join(fk.columns, always=True)}) "
            f"references {target} ({QUOTE.join(fk.ref_columns, always=True)})"
        )
        return text + (f" on delete {fk.on_delete}" if fk.on_delete else "")

    def create_index(self, index: Index, table: Table) -> str:
        method = index.attrs.get("method", "btree")
        using = f"using {method} " if method != "btree" else ""
        where = index.attrs.get("where", "")
        return (
            f"create {'unique ' if index.unique else ''}index {QUOTE.when_needed(index.name)} "
            f"on {_table(table, always=False)} {using}({QUOTE.join(index.columns)}){_with(index)}"
            + (f" where {where}" if where else "")
        )

    def create_trigger(self, trigger: triggers.Trigger, table: Table) -> str:
        events = " or ".join(
            f"update of {QUOTE.join(trigger.columns, always=True)}"
            if e == "update" and trigger.columns
            else e
            for e in trigger.events
        )
        function = qualified(trigger.function, trigger.function_schema, always=False)
        arguments = ", ".join(literal(a) for a in trigger.arguments)
        return (
            f"create {'constraint ' if trigger.constraint else ''}trigger {QUOTE.always(trigger.name)} "
            f"{trigger.timing} {events} on {_table(table)} for each {'row' if trigger.row else 'statement'}"
            + (f" when ({trigger.condition})" if trigger.condition else "")
            + f" execute {trigger.keyword} {function}({arguments})"
        )

    def modify_table(
        self, live: Table, table: Table, changes: Sequence[TableChange], preflight: Preflight
    ) -> list[Step]:
        """Column renames first (what follows names the columns as they leave them); drops
        before the additions that may reuse a name; column type changes after the constraints
        that could not hold over them are gone. Steps that existing rows may fail carry the
        checks that count those rows."""
        steps: list[Step] = [
            self.step(
                f"alter table {_table(table)} rename column {QUOTE.always(c.from_.name)} "
                f"to {QUOTE.always(c.to.name)}",
                StepKind.ALTER_TABLE,
                table,
                RENAME_COLUMN,
            )
            for c in changes
            if isinstance(c, RenameColumn)
        ]
        old, new = self.trigger_changes(live, table)
        steps += [
            self.step(f"drop trigger {QUOTE.always(t.name)} on {_table(table)}", StepKind.ALTER_TABLE, table)
            for t in old
        ]
        keys = [c for c in changes if isinstance(c, ModifyPrimaryKey)]
        if keys and keys[0].from_ is not None:
            steps.append(self.drop_constraint(table, keys[0].from_.name or f"{live.name}_pkey"))
        retyped = []
        for change in changes:
            if isinstance(change, ModifyColumn) and change.kind & ColumnChange.TYPE:
                retyped.append(change)
            elif isinstance(change, ModifyColumn):
                steps += self.modify_column(table, change, preflight)
            elif isinstance(change, AddColumn):
                column = change.column
                sql = f"alter table {_table(table)} add column {self.column_definition(column)}"
                step = self.step(sql, StepKind.ALTER_TABLE, table, add_column_hazards(column))
                fills = column.nullable or column.default is not None or column.auto_increment
                steps.append(
                    step
                    if fills or typenames.serial_base(column.type)
                    else _checked(step, preflight.rows(table.ref, column.name))
                )
        steps += [
            self.drop_constraint(table, c.foreign_key.name) for c in changes if isinstance(c, DropForeignKey)
        ]
        steps += [self.drop_index(table, c.index) for c in changes if isinstance(c, DropIndex)]
        for change in retyped:
            steps += self.modify_column(table, change, preflight)
        for change in changes:
            if isinstance(change, DropColumn):
                sql = f"alter table {_table(table)} drop column {QUOTE.always(change.column.name)}"
                steps.append(self.step(sql, StepKind.ALTER_TABLE, table, DROP_COLUMN))
        if keys and keys[0].to is not None:
            key = keys[0].to
            steps.append(
                _checked(self.add_primary_key(table, key), preflight.key_violations(table.ref, key.columns))
            )
        for change in changes:
            if isinstance(change, AddForeignKey):
                fk = change.foreign_key
                sql = (
                    f"alter table {_table(table, always=False)} add constraint {self.foreign_key(fk, table)}"
                )
                step = self.step(sql, StepKind.ALTER_TABLE, table, ADD_FOREIGN_KEY)
                steps.append(_checked(step, preflight.orphans(table.ref, fk, _target(fk, table))))
            elif isinstance(change, AddIndex):
                index = change.index
                step = self.step(
                    self.create_index(index, table), StepKind.CREATE_INDEX, table, index_hazards(index)
                )
                where = index.attrs.get("where", "")
                found = preflight.duplicates(table.ref, index.columns, where=where) if index.unique else ()
                steps.append(_checked(step, found))
        steps += self.attrs_changes(live, table)
        steps += [self.step(self.create_trigger(t, table), StepKind.ALTER_TABLE, table) for t in new]
        return steps

    def attrs_changes(self, live: Table, table: Table) -> list[Step]:
        """Statements for engine attributes other than triggers (a flavour's)."""
        return []

    def trigger_changes(
        self, live: Table, table: Table
    ) -> tuple[list[triggers.Trigger], list[triggers.Trigger]]:
        """Triggers to drop, then to create (a changed trigger is both)."""
        names = set(triggers.changed(live.attrs.get("triggers", ()), table.attrs.get("triggers", ())))
        old = [t for t in live.attrs.get("triggers", ()) if t.name in names]
        new = [t for t in table.attrs.get("triggers", ()) if t.name in names]
        return old, new

    def drop_constraint(self, table: Table, name: str) -> Step:
        sql = f"alter table {_table(table, always=False)} drop constraint {QUOTE.always(name)}"
        return self.step(sql, StepKind.ALTER_TABLE, table)

    def drop_index(self, table: Table, index: Index) -> Step:
        if index.attrs.get("constraint"):
            sql = f"alter table {_table(table)} drop constraint {QUOTE.always(index.name)}"
        else:
            sql = f"drop index {qualified(index.name, table.schema)}"
        return self.step(sql, StepKind.DROP_INDEX, table)

    def add_primary_key(self, table: Table, key: PrimaryKey) -> Step:
        sql = (
            f"alter table {_table(table, always=False)} add constraint "
            f"{QUOTE.when_needed(f'{table.name}_pkey')} primary key ({QUOTE.join(key.columns)})"
        )
        return self.step(sql, StepKind.ALTER_TABLE, table, ADD_PRIMARY_KEY)

    def modify_column(self, table: Table, change: ModifyColumn, preflight: Preflight) -> list[Step]:
        """One statement for what can change together; a column that becomes NOT NULL with a
        default is filled first (set default, update the NULLs, set not null), as upstream does,
        so only a NOT NULL without a default is checked for NULLs."""
        live, column, kind = change.from_, change.to, change.kind
        name = QUOTE.always(column.name)
        to_serial, from_serial = typenames.serial_base(column.type), typenames.serial_base(live.type)
        retyped = bool(kind & ColumnChange.TYPE)
        clauses: list[str] = []
        hazards: list[Hazard] = []
        found: list[DataCheck] = []
        if retyped and typenames.canonical(from_serial or live.type) != typenames.canonical(
            to_serial or column.type
        ):
            clauses.append(f"alter column {name} type {to_serial or column.type}")
            hazards += type_change_hazards(from_serial or live.type, to_serial or column.type)
            found += _narrowing(
                preflight, table, column.name, from_serial or live.type, to_serial or column.type
            )
        if (kind & ColumnChange.DEFAULT or (retyped and from_serial and not to_serial)) and not to_serial:
            action = (
                "drop default" if column.default is None else f"set default {defaults.render(column.default)}"
            )
            clauses.append(f"alter column {name} {action}")
        if kind & ColumnChange.AUTO_INCREMENT:
            action = "add generated by default as identity" if column.auto_increment else "drop identity"
            clauses.append(f"alter column {name} {action}")
        backfill = bool(
            kind & ColumnChange.NULLABILITY and not column.nullable and column.default is not None
        )
        if kind & ColumnChange.NULLABILITY and not backfill:
            clauses.append(f"alter column {name} {'drop not null' if column.nullable else 'set not null'}")
            hazards += () if column.nullable else SET_NOT_NULL
            found += () if column.nullable else preflight.nulls(table.ref, column.name)
        alter = f"alter table {_table(table)}"
        steps = (
            [
                _checked(
                    self.step(f"{alter} {', '.join(clauses)}", StepKind.ALTER_TABLE, table, tuple(hazards)),
                    tuple(found),
                )
            ]
            if clauses
            else []
        )
        sequence = live.attrs.get("sequence")
        if retyped and to_serial and from_serial and sequence:
            steps.append(self.step(f"alter sequence {sequence} as {to_serial}", StepKind.ALTER_TABLE, table))
        elif retyped and to_serial and not from_serial:
            steps += self.serial(table, column, to_serial)
        elif retyped and from_serial and not to_serial and sequence:
            steps.append(self.step(f"drop sequence {sequence}", StepKind.ALTER_TABLE, table))
        if backfill:
            assert column.default is not None
            value = defaults.render(column.default)
            update = f"update {_table(table)} set {name}={value} where {name} is null"
            steps.append(self.step(update, StepKind.BACKFILL, table, BACKFILL))
            steps.append(
                self.step(
                    f"{alter} alter column {name} set not null", StepKind.ALTER_TABLE, table, SET_NOT_NULL
                )
            )
        return steps

    def serial(self, table: Table, column: Column, base: str) -> list[Step]:
        """A column becomes serial: a sequence it owns, moved past its values, as its default."""
        sequence = qualified(f"{table.name}_{column.name}_seq", table.schema)
        owner = f"{_table(table)}.{QUOTE.always(column.name)}"
        name = QUOTE.always(column.name)
        return [
            self.step(f"create sequence {sequence} as {base} owned by {owner}", StepKind.ALTER_TABLE, table),
            self.step(
                f"select setval({literal(sequence)}, coalesce(max({name}), 0) + 1, false) "
                f"from {_table(table)}",
                StepKind.BACKFILL,
                table,
            ),
            self.step(
                f"alter table {_table(table)} alter column {name} "
                f"set default nextval({literal(sequence)}::regclass)",
                StepKind.ALTER_TABLE,
                table,
            ),
        ]

    def upsert(self, change: UpsertRows) -> list[Step]:
        table = qualified(change.table.name, change.table.schema, always=False)
        return [
            self.step(
                self.upsert_row(table, row, change.primary_key), StepKind.UPSERT_ROWS, change.table, SEED
            )
            for row in change.rows
        ]

    def upsert_row(self, table: str, row: SeedRow, key: tuple[str, ...]) -> str:
        names = tuple(name for name, _ in row)
        values = ", ".join(literal(value) for _, value in row)
        sql = f"insert into {table} ({QUOTE.join(names)}) values ({values})"
        if not key or not set(key) <= set(names):
            return sql
        conflict = f" on conflict ({QUOTE.join(key, always=True)})"
        if len(names) == 1:
            return sql + conflict + " do nothing"
        excluded = ", ".join(f"excluded.{QUOTE.when_needed(n)}" for n in names)
        return sql + f"{conflict} do update set ({QUOTE.join(names)}) = ({excluded})"

    # --- views, functions, extensions, types -----------------------------------------------------

    def create_view(self, view: View, live: View | None) -> list[Step]:
        """The view (replacing `live`), then the comment that records its spec's query."""
        kind = StepKind.CREATE_OBJECT if live is None else StepKind.REPLACE_OBJECT
        steps = []
        if live is not None and live.attrs.get("materialized"):
            steps.append(self.drop_view(live))
            live = None
        verb = "create view" if live is None else "create or replace view"
        steps.append(self.step(f"{verb} {qualified(view.name, view.schema)} as {view.query}", kind, view))
        return [*steps, self.comment(view, kind)]

    def comment(self, view: View, kind: StepKind) -> Step:
        mark = literal(QUERY_MARK + query_hash(view.query))
        return self.step(f"comment on view {qualified(view.name, view.schema)} is {mark}", kind, view)

    def drop_view(self, view: View) -> Step:
        materialized = "materialized " if view.attrs.get("materialized") else ""
        return self.step(
            f"drop {materialized}view {qualified(view.name, view.schema)}", StepKind.DROP_OBJECT, view
        )

    def object(self, change: CreateObject | ReplaceObject) -> list[Step]:
        match change:
            case CreateObject(object=Function() as function):
                return [self.step(self.create_function(function), StepKind.CREATE_OBJECT, function)]
            case ReplaceObject(from_=Function() as live, to=Function() as function):
                if same_signature(live, function):
                    return [
                        self.step(
                            self.create_function(function, replace=True), StepKind.REPLACE_OBJECT, function
                        )
                    ]
                return [
                    self.drop_object(live),
                    self.step(self.create_function(function), StepKind.REPLACE_OBJECT, function),
                ]
            case CreateObject(object=Extension() as extension):
                return [self.step(self.create_extension(extension), StepKind.CREATE_OBJECT, extension)]
            case ReplaceObject(from_=Extension() as live, to=Extension() as extension):
                return list(self.alter_extension(live, extension))
            case CreateObject(object=DataType() as data_type):
                return [self.step(self.create_enum(data_type), StepKind.CREATE_OBJECT, data_type)]
            case ReplaceObject(from_=DataType() as live, to=DataType() as data_type):
                return self.alter_enum(live, data_type)
        raise TypeError(f"cannot render {change!r}")

    def create_function(self, function: Function, *, replace: bool = False) -> str:
        params = ", ".join(
            " ".join(
                part
                for part in (mode if mode != "in" else "", QUOTE.when_needed(name) if name else "", type_)
                if part
            )
            for (name, type_), mode in zip(function.params, _modes(function), strict=True)
        )
        verb = "create or replace function" if replace else "create function"
        return (
            f"{verb} {qualified(function.name, function.schema, always=False)}({params}) "
            f"returns {function.returns} as\n"
            f"{DOLLAR_QUOTE}\n{function.body.strip(chr(10))}\n{DOLLAR_QUOTE}\nlanguage {function.language}"
        )

    def create_extension(self, extension: Extension) -> str:
        sql = f"create extension if not exists {QUOTE.always(extension.name)}"
        if extension.attrs.get("schema"):
            sql += f" schema {QUOTE.always(extension.attrs['schema'])}"
        return sql + (f" version {literal(extension.version)}" if extension.version else "")

    def alter_extension(self, live: Extension, extension: Extension) -> Iterator[Step]:
        name = QUOTE.always(extension.name)
        if extension.version and extension.version != live.version:
            yield self.step(
                f"alter extension {name} update to {literal(extension.version)}",
                StepKind.REPLACE_OBJECT,
                extension,
            )
        schema = extension.attrs.get("schema")
        if schema and schema != live.attrs.get("schema"):
            yield self.step(
                f"alter extension {name} set schema {QUOTE.always(schema)}",
                StepKind.REPLACE_OBJECT,
                extension,
            )

    def create_enum(self, data_type: DataType) -> str:
        values = ", ".join(literal(v) for v in data_type.values)
        return f"create type {qualified(data_type.name, data_type.schema)} as enum ({values})"

    def alter_enum(self, live: DataType, data_type: DataType) -> list[Step]:
        """New values are added in place (outside the transaction: PostgreSQL cannot use a value
        added in the same one); a removed or reordered value needs the type made again."""
        kept = [v for v in data_type.values if v in live.values]
        name = qualified(data_type.name, data_type.schema)
        if kept != list(live.values):
            drop = self.step(f"drop type {name}", StepKind.REPLACE_OBJECT, data_type, DROP_TYPE)
            return [drop, self.step(self.create_enum(data_type), StepKind.REPLACE_OBJECT, data_type)]
        steps = []
        for i, value in enumerate(data_type.values):
            if value in live.values:
                continue
            after = data_type.values[i - 1] if i else None
            place = (
                f" after {literal(after)}"
                if after
                else f" before {literal(data_type.values[1])}"
                if len(data_type.values) > 1
                else ""
            )
            sql = f"alter type {name} add value {literal(value)}{place}"
            steps.append(self.step(sql, StepKind.REPLACE_OBJECT, data_type, transactional=False))
        return steps

    def drop_object(self, obj: DatabaseObject) -> Step:
        match obj:
            case Function():
                types = ", ".join(
                    t
                    for (_, t), m in zip(obj.params, _modes(obj), strict=True)
                    if m in ("in", "inout", "variadic")
                )
                sql = f"drop function {qualified(obj.name, obj.schema, always=False)}({types})"
                return self.step(sql, StepKind.DROP_OBJECT, obj)
            case DataType():
                return self.step(
                    f"drop type {qualified(obj.name, obj.schema)}", StepKind.DROP_OBJECT, obj, DROP_TYPE
                )
            case View():
                return self.drop_view(obj)
        raise TypeError(f"cannot drop {obj!r}")

    # --- helpers ---------------------------------------------------------------------------------

    def step(
        self,
        sql: str,
        kind: StepKind,
        about: Table | DatabaseObject | ObjectRef,
        hazards: tuple[Hazard, ...] = (),
        *,
        transactional: bool = True,
    ) -> Step:
        ref = about if isinstance(about, ObjectRef) else about.ref
        return Step(sql, kind, ref, hazards, transactional)


def _checked(step: Step, found: tuple[DataCheck, ...]) -> Step:
    return replace(step, checks=step.checks + found) if found else step


def _narrowing(preflight: Preflight, table: Table, column: str, old: str, new: str) -> tuple[DataCheck, ...]:
    """Values a narrower type refuses, where they can be counted exactly: strings longer than
    a new length, integers outside a smaller integer type."""
    length = max_length(old, new)
    if length is not None:
        return preflight.too_long(table.ref, column, length)
    smaller = smaller_integer(old, new)
    bounds = checks.integer_bounds(smaller) if smaller else None
    if smaller and bounds:
        return preflight.out_of_range(table.ref, column, smaller, bounds)
    return ()


def _is(change: Change, types: type | tuple[type, ...], kind: str) -> bool:
    return isinstance(change, types) and change_ref(change).kind == kind


def _table(table: Table | ObjectRef, *, always: bool = True) -> str:
    return qualified(table.name, table.schema, always=always)


def _target(fk: ForeignKey, table: Table) -> ObjectRef:
    return ObjectRef("table", fk.ref_table, fk.ref_schema or table.schema)


def _as_constraint(index: Index) -> bool:
    """A unique index of a new table is written as a constraint, as upstream writes it."""
    return index.unique and index.attrs.get("method", "btree") == "btree" and not index.attrs.get("where")


def _with(index: Index) -> str:
    options = index.attrs.get("with", ())
    return f" with ({', '.join(f'{k} = {v}' for k, v in options)})" if options else ""


def _modes(function: Function) -> tuple[str, ...]:
    return tuple(function.attrs.get("modes", ())) or ("in",) * len(function.params)
