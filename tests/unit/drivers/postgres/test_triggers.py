"""Triggers from pg_trigger rows, and when a spec's trigger is the live one."""

from __future__ import annotations

from schemahero.drivers.postgres import triggers
from schemahero.drivers.postgres.triggers import Trigger

DEFINITION = (
    "CREATE TRIGGER tt BEFORE UPDATE OF body ON public.notes FOR EACH ROW "
    "WHEN ((old.body IS DISTINCT FROM new.body)) EXECUTE FUNCTION audit.log('a', 'b')"
)


def test_from_catalog() -> None:
    live = triggers.from_catalog(
        name="tt",
        tgtype=triggers.ROW | triggers.BEFORE | triggers.UPDATE | triggers.INSERT,
        constraint=False,
        function="log",
        function_schema="audit",
        arguments=b"a\x00b\x00",
        columns=("body",),
        definition=DEFINITION,
    )
    assert live == Trigger(
        "tt", "before", ("insert", "update"), "log", "audit", ("a", "b"), ("body",), True, False,
        "old.body IS DISTINCT FROM new.body",
    )  # fmt: skip
    instead = triggers.from_catalog(
        name="v",
        tgtype=triggers.INSTEAD | triggers.DELETE,
        constraint=False,
        function="f",
        function_schema="public",
        arguments=b"",
        columns=(),
        definition="CREATE TRIGGER v INSTEAD OF DELETE ON v FOR EACH STATEMENT EXECUTE FUNCTION f()",
    )
    assert (instead.timing, instead.events, instead.row, instead.condition) == (
        "instead of",
        ("delete",),
        False,
        "",
    )


def test_a_spec_trigger_matches_whatever_the_spelling() -> None:
    live = Trigger("tt", "after", ("insert",), "fn", "public", ("1",), row=True, condition="(x > 1)")
    spelled = Trigger(
        "tt", "after", ("insert",), "fn", "", ("1",), row=True, condition="X>1", keyword="function"
    )
    assert spelled.same_as(live)
    assert not Trigger(
        "tt", "after", ("insert",), "fn", "other", ("1",), row=True, condition="x > 1"
    ).same_as(live)
    assert list(triggers.changed((live,), (spelled,))) == []
    assert list(triggers.changed((live,), ())) == ["tt"]
