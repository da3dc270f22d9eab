"""Which approved Migrations a Database's retry timer tries again, and when."""

from __future__ import annotations

from schemahero.operator.retries import Retries


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_unsettled_attempt_is_due_after_the_interval() -> None:
    clock = Clock()
    retries = Retries(clock)
    retries.attempting("ns", "a1", "shop")
    assert retries.due("ns", "shop", 10) == [], "not while the attempt is under way"
    retries.ended("ns", "a1", settled=False)
    clock.now += 9
    assert retries.due("ns", "shop", 10) == []
    clock.now += 1
    assert retries.due("ns", "shop", 10) == ["a1"]
    assert retries.due("ns", "other", 10) == [] and retries.due("other", "shop", 10) == []


def test_settled_or_forgotten_migrations_are_never_due() -> None:
    clock = Clock()
    retries = Retries(clock)
    for name in ("a1", "a2", "a3"):
        retries.attempting("ns", name, "shop")
    retries.ended("ns", "a1", settled=True)
    retries.ended("ns", "a2", settled=False)
    retries.ended("ns", "a3", settled=False)
    retries.forget("ns", "a3")
    retries.ended("ns", "gone", settled=False)
    clock.now += 60
    assert retries.due("ns", "shop", 10) == ["a2"]


def test_the_longest_waiting_come_first() -> None:
    clock = Clock()
    retries = Retries(clock)
    for name in ("late", "early"):
        retries.attempting("ns", name, "shop")
    retries.ended("ns", "early", settled=False)
    clock.now += 5
    retries.ended("ns", "late", settled=False)
    clock.now += 20
    assert retries.due("ns", "shop", 10) == ["early", "late"]
