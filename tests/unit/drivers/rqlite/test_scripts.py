"""A raw script's transactions become one request each; misplaced control statements fail."""

from __future__ import annotations

from schemahero.drivers.rqlite.scripts import Batch, Outcome, batches


def test_statements_outside_a_transaction_are_a_request_each() -> None:
    assert list(batches(["create table a (x)", "create table b (x)"])) == [
        Batch((0,), (0,), Outcome.RUN),
        Batch((1,), (1,), Outcome.RUN),
    ]


def test_a_committed_block_is_one_request_without_its_begin_and_commit() -> None:
    script = [
        "BEGIN TRANSACTION",
        "alter table t rename to u",
        "-- note\ncreate table t (x)",
        "Commit",
        "end",
    ]
    assert list(batches(script[:4])) == [Batch((0, 1, 2, 3), (1, 2), Outcome.RUN)]
    assert list(batches(["begin immediate", "create table t (x)", "end transaction"])) == [
        Batch((0, 1, 2), (1,), Outcome.RUN)
    ]


def test_a_rolled_back_block_is_not_sent_but_a_rollback_to_a_savepoint_is() -> None:
    script = ["begin", "savepoint s", "create table t (x)", "rollback to s", "rollback", "create table u (x)"]
    assert list(batches(script)) == [
        Batch((0, 1, 2, 3, 4), (1, 2, 3), Outcome.DISCARDED),
        Batch((5,), (5,), Outcome.RUN),
    ]


def test_misplaced_control_statements_fail_and_end_the_script() -> None:
    assert list(batches(["create table a (x)", "commit", "create table b (x)"])) == [
        Batch((0,), (0,), Outcome.RUN),
        Batch((1,), (), Outcome.FAILED, "cannot commit - no transaction is active"),
    ]
    assert list(batches(["rollback transaction"])) == [
        Batch((0,), (), Outcome.FAILED, "cannot rollback - no transaction is active")
    ]
    assert list(batches(["begin", "create table a (x)", "begin", "commit"])) == [
        Batch((0, 1, 2), (), Outcome.FAILED, "cannot start a transaction within a transaction")
    ]


def test_a_script_that_ends_inside_a_transaction_fails() -> None:
    (batch,) = batches(["begin", "create table a (x)"])
    assert (batch.steps, batch.outcome) == ((0, 1), Outcome.FAILED)
    assert "ended inside a transaction" in batch.message


def test_words_that_only_look_like_control_statements() -> None:
    script = ['"begin"', "select 'commit'", "/* rollback */ select 1", "endless"]
    assert [b.outcome for b in batches(script)] == [Outcome.RUN] * 4
