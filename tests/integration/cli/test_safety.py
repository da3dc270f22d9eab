"""Issue 9 through the CLI on real PostgreSQL and MariaDB: renames keep rows, rows that break a
statement are counted and stop the apply before anything runs, `plan --check` gates CI, and a
plan splits into an expand part and a contract part that converge when applied in turn."""

from __future__ import annotations

import pytest

from tests.integration.cli.conftest import Cli

EMAIL = {"name": "email", "type": "text"}


def test_a_rename_keeps_the_rows(cli: Cli) -> None:
    cli.database.load("create table people (id integer primary key, mail varchar(50))")
    cli.database.load("insert into people values (1, 'a@example.com'), (2, 'b@example.com')")
    users = cli.table("users", {**EMAIL, "previousNames": ["mail"]}, previousNames=["people"])
    specs = cli.specs("users", users)

    planned = cli("plan", "--spec-file", specs)
    assert planned.code == 0 and planned.out
    assert all("rename" in line and "drop" not in line for line in planned.out.splitlines())
    assert "renames" in planned.err
    ddl = cli.folder / "plan.sql"
    ddl.write_text(planned.out)
    assert cli("apply", "--ddl", str(ddl)).code == 0

    assert cli.rows("select id, email from users order by id") == [(1, "a@example.com"), (2, "b@example.com")]
    assert_converged(cli, specs)


def test_rows_that_break_not_null_are_counted_and_nothing_is_applied(cli: Cli) -> None:
    cli.database.load("create table users (id integer primary key, email varchar(50), old varchar(50))")
    cli.database.load(
        "insert into users values (1, null, 'a'), (2, null, 'b'), (3, null, 'c'), (4, 'd', 'd')"
    )
    users = cli.table("users", {**EMAIL, "constraints": {"notNull": True}}, {"name": "nick", "type": "text"})
    audit = cli.table("audit", {"name": "note", "type": "text"})
    specs = cli.specs("specs", audit, users)

    planned = cli("plan", "--spec-file", specs)
    statements = planned.out.splitlines()
    failing = next(n for n, line in enumerate(statements, 1) if "not null" in line)
    assert failing > 1 and "create table" in statements[0] and "audit" in statements[0]
    assert planned.code == 0
    assert f"warning: statement {failing} fails on 3 rows of users with NULL in email (" in planned.err
    assert "3 rows" not in planned.out
    assert cli("plan", "--check", "--spec-file", specs).code == 2

    refused = cli("apply", "--spec-file", specs)
    assert refused.code == 1
    assert "pre-flight check: 3 rows of users with NULL in email; nothing was applied" in refused.err
    assert cli("plan", "--spec-file", specs).out == planned.out, "a statement of the plan was applied"
    assert cli.rows("select count(*) from users where email is null") == [(3,)]
    assert cli.rows("select old from users order by id") == [("a",), ("b",), ("c",), ("d",)]

    cli.database.load("update users set email = 'unknown' where email is null")
    fixed = cli("plan", "--check", "--spec-file", specs)
    assert fixed.code == 2 and "warning:" not in fixed.err
    assert cli("apply", "--spec-file", specs).code == 0
    assert_converged(cli, specs)
    assert cli.rows("select count(*) from users where email = 'unknown'") == [(3,)]


@pytest.mark.parametrize("how", ["plan file", "re-plan"])
def test_expand_before_the_rollout_contract_after(cli: Cli, how: str) -> None:
    cli.database.load("create table users (id integer primary key, email varchar(50))")
    cli.database.load("create table people (id integer primary key, email varchar(50), old varchar(50))")
    cli.database.load("insert into people values (1, 'a@example.com', 'kept until the contract')")
    users = cli.table("users", EMAIL, {"name": "nick", "type": "text"})
    people = cli.table("people", EMAIL)
    specs = cli.specs("specs", users, people)

    whole = cli("plan", "--spec-file", specs).out.splitlines()
    expand = cli("plan", "--spec-file", specs, "--rollout", "expand")
    contract = cli("plan", "--spec-file", specs, "--rollout", "contract")
    assert [("nick" in line, "old" in line) for line in expand.out.splitlines()] == [(True, False)]
    assert [("nick" in line, "old" in line) for line in contract.out.splitlines()] == [(False, True)]
    assert sorted(whole) == sorted(expand.out.splitlines() + contract.out.splitlines())
    assert "1 expand statement of 2 statements planned from 2 specs" in expand.err
    too_early = cli("apply", "--spec-file", specs, "--rollout", "contract")
    assert too_early.code == 1 and "1 expand statements are not applied yet" in too_early.err

    if how == "plan file":
        ddl = cli.folder / "expand.sql"
        ddl.write_text(expand.out)
        assert cli("apply", "--ddl", str(ddl)).code == 0
    else:
        assert cli("apply", "--spec-file", specs, "--rollout", "expand").code == 0
    assert cli.rows("select count(nick) from users") == [(0,)]
    assert cli.rows("select old from people") == [("kept until the contract",)]
    assert cli("plan", "--check", "--spec-file", specs, "--rollout", "expand").code == 0
    assert cli("plan", "--check", "--spec-file", specs).out == contract.out

    assert cli("apply", "--spec-file", specs, "--rollout", "contract").code == 0
    assert_converged(cli, specs)
    assert cli.rows("select id, email from people") == [(1, "a@example.com")]


def assert_converged(cli: Cli, specs: str) -> None:
    """`plan --check` of a database that matches its specs: exit 0, no statement."""
    again = cli("plan", "--check", "--spec-file", specs)
    assert (again.code, again.out) == (0, ""), again
