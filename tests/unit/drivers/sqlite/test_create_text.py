"""Reading CREATE TABLE text for what the pragmas do not say."""

from __future__ import annotations

from schemahero.drivers.sqlite.create_text import ForeignKeyText, read_create_table, tokens


def test_named_and_unnamed_foreign_keys_in_declaration_order() -> None:
    text = read_create_table(
        'CREATE TABLE "t" (a int constraint fa references x(id), b int REFERENCES "y" (id),'
        " c int constraint z1 not null constraint [z 2] references w,"
        ' CONSTRAINT "f,c" FOREIGN KEY (a, "b") REFERENCES z (p, q) ON DELETE CASCADE,'
        " foreign key (c) references v)"
    )
    assert text.foreign_keys == [
        ForeignKeyText("fa", ("a",), "x"),
        ForeignKeyText(None, ("b",), "y"),
        ForeignKeyText("z 2", ("c",), "w"),
        ForeignKeyText("f,c", ("a", "b"), "z"),
        ForeignKeyText(None, ("c",), "v"),
    ]


def test_autoincrement() -> None:
    text = read_create_table("create table e (`id` integer primary key autoincrement, n text)")
    assert text.autoincrement == {"id"}


def test_strings_and_comments_hide_keywords() -> None:
    text = read_create_table(
        "create table t (a text default 'references x(id), autoincrement', -- references y\n"
        ' /* constraint c references z */ "references" int)'
    )
    assert text.foreign_keys == [] and text.autoincrement == set()


def test_tokens_unquote_names() -> None:
    assert [t.text for t in tokens("\"a\"\"b\" `c``d` [e f] 'g''h'")] == [
        'a"b',
        "c`d",
        "e f",
        "'g''h'",
    ]


def test_text_that_is_not_a_table_gives_nothing() -> None:
    assert read_create_table("").foreign_keys == []
    assert read_create_table("create table t").foreign_keys == []
