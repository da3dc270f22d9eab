"""Splitting DDL files: semicolons that do not end a statement."""

from __future__ import annotations

from schemahero.cli.statements import split_statements


def test_plain_statements_and_blank_lines() -> None:
    assert split_statements("create table a (id int);\n\ndrop table b;\n") == [
        "create table a (id int)",
        "drop table b",
    ]


def test_semicolons_in_strings_identifiers_and_comments() -> None:
    script = (
        "insert into t (a) values ('x;y', 'it''s; fine');\n"
        'create table "we;ird" (`a;b` int);\n'
        "-- a comment; with a semicolon\n"
        "/* block; comment */ select 1;"
    )
    assert split_statements(script) == [
        "insert into t (a) values ('x;y', 'it''s; fine')",
        'create table "we;ird" (`a;b` int)',
        "-- a comment; with a semicolon\n/* block; comment */ select 1",
    ]


def test_dollar_quoted_bodies() -> None:
    script = (
        "create function f() returns bigint as\n$_SCHEMAHERO_$\nbegin; select 1; end;\n"
        "$_SCHEMAHERO_$\nlanguage plpgsql;\nselect $$a;b$$;"
    )
    [function, select] = split_statements(script)
    assert function.endswith("language plpgsql") and "select 1; end;" in function
    assert select == "select $$a;b$$"


def test_trigger_bodies_stay_whole() -> None:
    script = (
        "create trigger t after insert on a begin insert into b values (1); "
        "update c set x = case when 1 then 2 end; end;\nselect 1;"
    )
    assert len(split_statements(script)) == 2


def test_comment_only_parts_and_missing_final_semicolon() -> None:
    assert split_statements("-- nothing\n;\nselect 1") == ["select 1"]
    assert split_statements("") == []


def test_a_backslash_is_an_ordinary_character() -> None:
    assert split_statements("insert into t values ('C:\\');\nselect 1;") == [
        "insert into t values ('C:\\')",
        "select 1",
    ]
