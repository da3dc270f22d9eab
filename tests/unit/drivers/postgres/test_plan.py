"""The renderer: typed changes in, exact statements out, each with its hazards; no database."""

from __future__ import annotations

from schemahero.driver_api import Step, StepKind
from schemahero.drivers.postgres.hooks import QUERY_MARK, query_hash
from schemahero.drivers.postgres.triggers import Trigger
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
    ModifyTableAttrs,
    ReplaceObject,
    UpsertRows,
)
from schemahero.schema.hazards import HazardKind
from schemahero.schema.model import (
    Column,
    DataType,
    Default,
    Extension,
    ForeignKey,
    Function,
    Index,
    ObjectRef,
    PrimaryKey,
    Table,
    View,
)
from tests.unit.drivers.postgres.conftest import POSTGRES, literal, users

BTREE = {"method": "btree", "with": (), "where": ""}


def render(*changes: Change) -> list[str]:
    return [step.sql for step in POSTGRES.render(list(changes))]


def steps(*changes: Change) -> list[Step]:
    return POSTGRES.render(list(changes))


def kinds(step: Step) -> set[HazardKind]:
    return {h.kind for h in step.hazards}


def test_create_table_as_upstream_prints_it() -> None:
    """upstream's create-table-with-index golden."""
    table = Table(
        "users",
        (
            Column("id", "integer", False, attrs={"implied_not_null": True}),
            Column("email", "character varying (255)", False),
            Column("phone", "character varying (10)", False, literal("")),
        ),
        PrimaryKey(("id",)),
        (Index("idx_users_email", ("email",), True, BTREE),),
        attrs={"triggers": ()},
    )
    other = Table(
        "other",
        (
            Column("id", "integer", False, attrs={"implied_not_null": True}),
            Column("something", "character varying (255)", False),
        ),
        PrimaryKey(("id",)),
        (Index("idx_other_something", ("something",), False, BTREE),),
        attrs={"triggers": ()},
    )
    assert render(CreateTable(other), CreateTable(users := table)) == [
        'create table "other" ("id" integer, "something" character varying (255) not null, primary key '
        '("id"))',
        "create index idx_other_something on other (something)",
        'create table "users" ("id" integer, "email" character varying (255) not null, "phone" character '
        "varying (10) "
        'not null default \'\', primary key ("id"), constraint "idx_users_email" unique ("email"))',
    ]
    assert all(not s.hazards for s in steps(CreateTable(users)))


def test_foreign_keys_in_create_table() -> None:
    """upstream's foreign-key-action golden."""
    table = Table(
        "user_project",
        (
            Column("user_id", "integer", False, attrs={"implied_not_null": True}),
            Column("project_id", "integer", False, attrs={"implied_not_null": True}),
            Column("misc_id", "character varying (255)", False),
        ),
        PrimaryKey(("user_id", "project_id")),
        foreign_keys=(
            ForeignKey("user_project_user_id_fkey", ("user_id",), "users", ("id",)),
            ForeignKey("user_project_project_id_fkey", ("project_id",), "projects", ("id",)),
            ForeignKey("misc_named_fk", ("misc_id",), "misc", ("pk",), "cascade"),
        ),
        attrs={"triggers": ()},
    )
    assert render(CreateTable(table)) == [
        'create table "user_project" ("user_id" integer, "project_id" integer, "misc_id" character '
        "varying (255) "
        'not null, primary key ("user_id", "project_id"), constraint user_project_user_id_fkey foreign key '
        '("user_id") references "users" ("id"), constraint user_project_project_id_fkey foreign key '
        '("project_id") '
        'references "projects" ("id"), constraint misc_named_fk foreign key ("misc_id") references "misc" '
        '("pk") '
        "on delete cascade)"
    ]


def test_a_foreign_key_to_a_later_table_waits_for_it() -> None:
    a = Table(
        "a",
        (Column("b_id", "integer"),),
        foreign_keys=(ForeignKey("a_b_fk", ("b_id",), "b", ("id",)),),
        attrs={},
    )
    b = Table("b", (Column("id", "integer", False),), PrimaryKey(("id",)), attrs={})
    assert render(CreateTable(a), CreateTable(b)) == [
        'create table "a" ("b_id" integer)',
        'create table "b" ("id" integer not null, primary key ("id"))',
        'alter table a add constraint a_b_fk foreign key ("b_id") references "b" ("id")',
    ]


def test_seed_rows() -> None:
    """upstream's seed goldens: an upsert per row; an escape string for a multi-line value."""
    ref = ObjectRef("table", "users")
    rows = (
        (("id", 1), ("login", "test"), ("name", "line 1\nline 'two'")),
        (("id", 2), ("login", None), ("name", "x")),
    )
    upsert = steps(UpsertRows(ref, rows, ("id",)))
    assert [s.sql for s in upsert] == [
        "insert into users (id, login, name) values (1, 'test', E'line 1\\nline \\'two\\'') on conflict "
        '("id") '
        "do update set (id, login, name) = (excluded.id, excluded.login, excluded.name)",
        "insert into users (id, login, name) values (2, null, 'x') on conflict (\"id\") "
        "do update set (id, login, name) = (excluded.id, excluded.login, excluded.name)",
    ]
    assert all(kinds(s) == {HazardKind.CHANGES_DATA} and s.kind is StepKind.UPSERT_ROWS for s in upsert)
    assert render(UpsertRows(ref, ((("id", 1),),), ("id",))) == [
        'insert into users (id) values (1) on conflict ("id") do nothing'
    ]
    assert render(UpsertRows(ObjectRef("table", "order", "s"), ((("user", 1),),))) == [
        'insert into s."order" ("user") values (1)'
    ]


def test_seed_rows_follow_their_table() -> None:
    """upstream's create-table golden: rows of an unchanged table first, then the new table."""
    other, created = ObjectRef("table", "other"), users(primary_key=PrimaryKey(("id",)))
    assert render(
        CreateTable(created),
        UpsertRows(created.ref, ((("id", 1),),), ("id",)),
        UpsertRows(other, ((("id", 2),),), ("id",)),
    ) == [
        'insert into other (id) values (2) on conflict ("id") do nothing',
        'create table "users" ("id" integer not null, "name" text, primary key ("id"))',
        'insert into users (id) values (1) on conflict ("id") do nothing',
    ]


def modify(live: Table, desired: Table, *changes: object) -> list[Step]:
    return steps(ModifyTable(live, desired, tuple(changes)))  # type: ignore[arg-type]


def test_not_null_with_a_default_fills_the_nulls_first() -> None:
    """upstream's not-null-with-default golden."""
    live = Column("name", "character varying(255)")
    desired = Column("name", "character varying (255)", False, literal("unnamed"))
    found = modify(
        users(),
        users(desired),
        ModifyColumn(live, desired, ColumnChange.NULLABILITY | ColumnChange.DEFAULT),
    )
    assert [s.sql for s in found] == [
        'alter table "users" alter column "name" set default \'unnamed\'',
        'update "users" set "name"=\'unnamed\' where "name" is null',
        'alter table "users" alter column "name" set not null',
    ]
    assert [s.kind for s in found] == [StepKind.ALTER_TABLE, StepKind.BACKFILL, StepKind.ALTER_TABLE]
    assert kinds(found[1]) == {HazardKind.CHANGES_DATA}
    assert kinds(found[2]) == {HazardKind.MAY_FAIL_ON_DATA, HazardKind.EXCLUSIVE_LOCK}


def test_dropping_a_default_and_not_null_is_one_statement() -> None:
    """upstream's column-unset-default golden."""
    live = Column("num_seats", "integer", False, Default("5", True))
    desired = Column("num_seats", "integer")
    found = modify(
        users(), users(), ModifyColumn(live, desired, ColumnChange.NULLABILITY | ColumnChange.DEFAULT)
    )
    assert [s.sql for s in found] == [
        'alter table "users" alter column "num_seats" drop default, alter column "num_seats" drop not null'
    ]
    assert not found[0].hazards


def test_constraints_as_upstream_prints_them() -> None:
    """upstream's primary-key-change, foreign-key-alter and unique-constraint-drop goldens."""
    pk = ModifyPrimaryKey(
        PrimaryKey(("manifest_id",), "user_projects_pkey"), PrimaryKey(("team_id", "project_id"))
    )
    table = Table("user_projects", attrs={"triggers": ()})
    found = modify(table, table, pk)
    assert [s.sql for s in found] == [
        'alter table user_projects drop constraint "user_projects_pkey"',
        "alter table user_projects add constraint user_projects_pkey primary key (team_id, project_id)",
    ]
    assert kinds(found[1]) == {
        HazardKind.BUILDS_INDEX,
        HazardKind.EXCLUSIVE_LOCK,
        HazardKind.MAY_FAIL_ON_DATA,
    }
    issues = Table("issues", attrs={"triggers": ()})
    old = ForeignKey("issues_project_id_fkey", ("project_id",), "users", ("id",))
    new = ForeignKey("renamed_fkey", ("project_id",), "projects", ("id",))
    assert [s.sql for s in modify(issues, issues, DropForeignKey(old), AddForeignKey(new))] == [
        'alter table issues drop constraint "issues_project_id_fkey"',
        'alter table issues add constraint renamed_fkey foreign key ("project_id") references "projects" '
        '("id")',
    ]
    projects = Table("projects", attrs={"triggers": ()})
    constraint = Index("ukey_projects_name", ("name",), True, {**BTREE, "constraint": True})
    index = Index("idx_projects_name", ("name",), True, {**BTREE, "constraint": False})
    assert [s.sql for s in modify(projects, projects, DropIndex(constraint), DropIndex(index))] == [
        'alter table "projects" drop constraint "ukey_projects_name"',
        'drop index "idx_projects_name"',
    ]


def test_index_options() -> None:
    gin = Index(
        "idx_docs", ("body",), False, {"method": "gin", "with": (("fastupdate", "off"),), "where": ""}
    )
    partial = Index(
        "idx_live",
        ("id",),
        True,
        {"method": "btree", "with": (("fillfactor", "70"),), "where": "deleted is null"},
    )
    table = Table("docs", schema="s", attrs={"triggers": ()})
    found = modify(table, table, AddIndex(gin), AddIndex(partial))
    assert [s.sql for s in found] == [
        "create index idx_docs on s.docs using gin (body) with (fastupdate = off)",
        "create unique index idx_live on s.docs (id) with (fillfactor = 70) where deleted is null",
    ]
    assert kinds(found[0]) == {HazardKind.BUILDS_INDEX, HazardKind.EXCLUSIVE_LOCK}


def test_order_within_a_table() -> None:
    """Primary key and foreign keys dropped before the columns they use; retypes after them."""
    old_key = PrimaryKey(("id",), "t_pkey")
    live = Table(
        "t",
        (Column("id", "integer", False), Column("ref", "integer"), Column("x", "text")),
        old_key,
        attrs={"triggers": ()},
    )
    fk = ForeignKey("t_ref_fkey", ("ref",), "u", ("id",))
    found = render(
        ModifyTable(
            live,
            live,
            (
                DropForeignKey(fk),
                ModifyPrimaryKey(old_key, None),
                DropColumn(Column("x", "text")),
                ModifyColumn(Column("ref", "integer"), Column("ref", "bigint"), ColumnChange.TYPE),
                ModifyColumn(
                    Column("id", "integer", False), Column("id", "integer"), ColumnChange.NULLABILITY
                ),
                AddColumn(Column("y", "text", False, literal("n"))),
            ),
        )
    )
    assert found == [
        'alter table t drop constraint "t_pkey"',
        'alter table "t" alter column "id" drop not null',
        'alter table "t" add column "y" text not null default \'n\'',
        'alter table t drop constraint "t_ref_fkey"',
        'alter table "t" alter column "ref" type bigint',
        'alter table "t" drop column "x"',
    ]


def test_type_changes_and_their_hazards() -> None:
    def retype(old: str, new: str) -> Step:
        (step,) = modify(
            users(), users(), ModifyColumn(Column("c", old), Column("c", new), ColumnChange.TYPE)
        )
        return step

    assert not retype("character varying(10)", "character varying (20)").hazards
    assert not retype("character varying(10)", "text").hazards
    assert not retype("numeric(10,2)", "numeric (12, 2)").hazards
    assert kinds(retype("character varying(20)", "character varying (10)")) == {
        HazardKind.REWRITES_TABLE,
        HazardKind.EXCLUSIVE_LOCK,
        HazardKind.DELETES_DATA,
        HazardKind.MAY_FAIL_ON_DATA,
    }
    assert HazardKind.DELETES_DATA in kinds(retype("bigint", "integer"))
    assert kinds(retype("text", "integer")) == {
        HazardKind.REWRITES_TABLE,
        HazardKind.EXCLUSIVE_LOCK,
        HazardKind.MAY_FAIL_ON_DATA,
    }


def test_serial_conversions() -> None:
    to_serial = ModifyColumn(Column("id", "integer", False), Column("id", "serial", False), ColumnChange.TYPE)
    assert render(ModifyTable(users(), users(), (to_serial,))) == [
        'create sequence "users_id_seq" as integer owned by "users"."id"',
        'select setval(\'"users_id_seq"\', coalesce(max("id"), 0) + 1, false) from "users"',
        'alter table "users" alter column "id" set default nextval(\'"users_id_seq"\'::regclass)',
    ]
    live = Column("id", "serial", False, attrs={"sequence": "public.users_id_seq"})
    from_serial = ModifyColumn(live, Column("id", "bigint", False), ColumnChange.TYPE)
    assert render(ModifyTable(users(), users(), (from_serial,))) == [
        'alter table "users" alter column "id" type bigint, alter column "id" drop default',
        "drop sequence public.users_id_seq",
    ]


def test_triggers() -> None:
    trigger = Trigger(
        "tt", "after", ("insert", "update"), "fn", row=True, condition="new.x > 1", arguments=("a",)
    )
    old = Trigger("old", "before", ("delete",), "fn")
    live, desired = users(attrs={"triggers": (old,)}), users(attrs={"triggers": (trigger,)})
    assert render(ModifyTable(live, desired, (ModifyTableAttrs(("triggers",)),))) == [
        'drop trigger "old" on "users"',
        'create trigger "tt" after insert or update on "users" for each row when (new.x > 1) '
        "execute procedure fn('a')",
    ]


def test_objects_in_dependency_order() -> None:
    view = View("v", "select 1")
    function = Function("f", "select 1", "integer", "sql", (("a", "integer"),), "s")
    mood = DataType("mood", values=("a",))
    changes: list[Change] = [
        CreateObject(view),
        DropObject(View("old", "select 2", attrs={"materialized": True})),
        CreateTable(Table("t", (Column("m", "mood"),), attrs={})),
        DropObject(function),
        CreateObject(mood),
        CreateObject(Extension("cube", "1.5", attrs={"schema": "public"})),
    ]
    assert render(*changes) == [
        'drop materialized view "old"',
        'create extension if not exists "cube" schema "public" version \'1.5\'',
        "create type \"mood\" as enum ('a')",
        'create table "t" ("m" mood)',
        'create view "v" as select 1',
        f"comment on view \"v\" is '{QUERY_MARK}{query_hash('select 1')}'",
        "drop function s.f(integer)",
    ]


def test_function_as_upstream_prints_it() -> None:
    """upstream's create-function golden."""
    body = "DECLARE\n    user_count bigint;\nBEGIN\n    RETURN user_count;\nEND;"
    function = Function("get_user_count", body, "bigint", "PLpgSQL", (), "test")
    assert render(CreateObject(function)) == [
        f"create function test.get_user_count() returns bigint "
        f"as\n$_SCHEMAHERO_$\n{body}\n$_SCHEMAHERO_$\nlanguage PLpgSQL"
    ]
    changed = Function("get_user_count", "BEGIN RETURN 1; END;", "bigint", "plpgsql", (), "test")
    assert render(ReplaceObject(function, changed))[0].startswith(
        "create or replace function test.get_user_count()"
    )


def test_enums_and_extensions_change_in_place() -> None:
    old, new = DataType("mood", values=("a", "c")), DataType("mood", values=("z", "a", "b", "c"))
    found = steps(ReplaceObject(old, new))
    assert [(s.sql, s.transactional) for s in found] == [
        ("alter type \"mood\" add value 'z' before 'a'", False),
        ("alter type \"mood\" add value 'b' after 'a'", False),
    ]
    live = Extension("cube", "1.4", attrs={"schema": "public"})
    wanted = Extension("cube", "1.5", attrs={"schema": "ext"})
    assert render(ReplaceObject(live, wanted)) == [
        "alter extension \"cube\" update to '1.5'",
        'alter extension "cube" set schema "ext"',
    ]


def test_drops() -> None:
    found = steps(DropTable(users(schema="s")))
    assert [s.sql for s in found] == ['drop table "s"."users"']
    assert kinds(found[0]) == {HazardKind.DELETES_DATA}
    assert kinds(steps(ModifyTable(users(), users(), (DropColumn(Column("name", "text")),)))[0]) == {
        HazardKind.DELETES_DATA
    }
