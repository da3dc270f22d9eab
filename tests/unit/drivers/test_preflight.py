"""Pre-flight checks from typed changes, with no database: which steps carry them, and that
they name tables and columns as they are before the plan."""

from __future__ import annotations

from schemahero.drivers._sql.checks import integer_bounds
from schemahero.drivers.mysql.plan import render as render_mysql
from schemahero.drivers.postgres.plan import Renderer
from schemahero.drivers.sqlite.plan import render as render_sqlite
from schemahero.schema.changes import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    ColumnChange,
    CreateTable,
    ModifyColumn,
    ModifyTable,
    RenameColumn,
    RenameTable,
)
from schemahero.schema.model import Column, Default, ForeignKey, Index, PrimaryKey, Table

ID = Column("id", "integer", nullable=False)
MAIL = Column("mail", "text")
EMAIL = Column("email", "text", nullable=False)


def renamed_and_not_null() -> list[RenameTable | ModifyTable]:
    """people.mail becomes users.email NOT NULL."""
    people = Table("people", (ID, MAIL), PrimaryKey(("id",)))
    users = Table("users", (ID, EMAIL), PrimaryKey(("id",)), previous_names=("people",))
    live = Table("users", (ID, MAIL), PrimaryKey(("id",)))
    nullable_email = Column("email", "text")
    changes = (
        RenameColumn(MAIL, nullable_email),
        ModifyColumn(nullable_email, EMAIL, ColumnChange.NULLABILITY),
    )
    return [RenameTable(people, users), ModifyTable(live, users, changes)]


def test_postgres_counts_nulls_under_the_names_before_the_renames() -> None:
    steps = Renderer().render(renamed_and_not_null())

    assert [s.sql for s in steps] == [
        'alter table "people" rename to "users"',
        'alter table "users" rename column "mail" to "email"',
        'alter table "users" alter column "email" set not null',
    ]
    (check,) = steps[2].checks
    assert check.sql == 'select count(*) from "people" where "mail" is null'
    assert check.description == "rows of people with NULL in mail"
    assert not steps[0].checks and not steps[1].checks


def test_mysql_and_sqlite_count_the_same_rows_in_their_own_quoting() -> None:
    mysql = [c.sql for s in render_mysql(renamed_and_not_null()) for c in s.checks]
    sqlite = [c.sql for s in render_sqlite(renamed_and_not_null()) for c in s.checks]

    assert mysql == ["select count(*) from `people` where `mail` is null"]
    assert sqlite == ['select count(*) from "people" where "mail" is null']


def test_a_default_backfills_so_postgres_and_mysql_check_nothing() -> None:
    live = Table("users", (ID, MAIL), PrimaryKey(("id",)))
    filled = Column("mail", "text", nullable=False, default=Default("none"))
    change = ModifyTable(
        live,
        Table("users", (ID, filled)),
        (ModifyColumn(MAIL, filled, ColumnChange.NULLABILITY | ColumnChange.DEFAULT),),
    )

    assert [c for s in Renderer().render([change]) for c in s.checks] == []
    assert [c for s in render_mysql([change]) for c in s.checks] == []


def test_nothing_the_plan_creates_is_checked() -> None:
    teams = Table("teams", (ID,), PrimaryKey(("id",)))
    team_id = Column("team_id", "integer")
    fk = ForeignKey("users_team_id_fkey", ("team_id",), "teams", ("id",))
    wanted = Table(
        "users", (ID, team_id), PrimaryKey(("id",)), (Index("u", ("team_id",), unique=True),), (fk,)
    )
    live = Table("users", (ID,), PrimaryKey(("id",)))
    changes = [
        CreateTable(teams),
        ModifyTable(live, wanted, (AddColumn(team_id), AddForeignKey(fk), AddIndex(wanted.indexes[0]))),
    ]

    assert [c for s in Renderer().render(changes) for c in s.checks] == []
    assert [c for s in render_mysql(changes) for c in s.checks] == []


def test_integer_bounds() -> None:
    assert integer_bounds("smallint") == (-32768, 32767)
    assert integer_bounds("tinyint", unsigned=True) == (0, 255)
    assert integer_bounds("numeric") is None
