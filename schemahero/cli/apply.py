"""`apply`: run a DDL file (or a folder of them), or plan the specs and apply that plan."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path

from schemahero.cli import reporting
from schemahero.cli.connection import add_connection_flags, connection_from
from schemahero.cli.phases import add_rollout_flag, of_phase
from schemahero.cli.plan import plan_specs
from schemahero.cli.statements import split_statements
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.rollout import Rollout
from schemahero.driver_api.types import Step, StepKind, StepResult, StepStatus
from schemahero.plugins import open_driver


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "apply",
        help="run the statements of a DDL file, or of a fresh plan of the specs, against a database",
        description="With --ddl, run each statement of the DDL file (or of each .sql file in a "
        "folder, in name order), in order, as written. With --spec-file, plan the specs and "
        "apply that plan as the operator does: refused if the database changed meanwhile or if "
        "rows would make a statement fail (counted under the apply lock, before anything runs), "
        "in one transaction where the engine allows. Either way it stops at the first failure. "
        "Progress goes to stderr.",
    )
    add_connection_flags(parser)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--ddl",
        type=Path,
        metavar="PATH",
        help="a .sql file or a folder of .sql files, as `plan` writes them",
    )
    source.add_argument(
        "--spec-file",
        type=Path,
        metavar="PATH",
        help="a spec file or a folder of them, as `plan` takes them: plan, then apply the plan",
    )
    parser.add_argument(
        "--spec-type",
        default="table",
        help="with --spec-file: kind of plain specs: table, view, function, extension, type",
    )
    parser.add_argument(
        "--seed-data",
        action="store_true",
        help="with --spec-file: also apply the seed rows that the tables lack",
    )
    add_rollout_flag(parser, "with --spec-file: apply")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.ddl is not None:
        if args.rollout is not None:
            reporting.say(
                "error: --rollout needs --spec-file; a DDL file is applied as written "
                "(write one phase with `plan --rollout PHASE --out FILE`)"
            )
            return 1
        return _apply_ddl(args)
    return _apply_specs(args)


def _apply_ddl(args: argparse.Namespace) -> int:
    steps = [Step(sql, StepKind.RAW) for sql in _statements(args.ddl)]
    if not steps:
        reporting.say("nothing to apply")
        return 0
    with open_driver(args.driver, args.plugin) as driver:
        return _progress(steps, driver.apply(connection_from(args), steps))


def _apply_specs(args: argparse.Namespace) -> int:
    connection = connection_from(args)
    with open_driver(args.driver, args.plugin) as driver:
        objects, plan = plan_specs(driver, connection, args)
        if not plan.ok:
            return 1
        steps = of_phase(plan.steps, args.rollout)
        if args.rollout is Rollout.CONTRACT and len(steps) < len(plan.steps):
            reporting.say(
                f"error: {len(plan.steps) - len(steps)} expand statements are not applied yet: "
                "apply --rollout expand first, then roll out the application"
            )
            return 1
        if not steps:
            reporting.say("nothing to apply")
            return 0
        reporting.hazards(steps)
        reporting.counted_rows(steps)
        # The driver checks a plan against the objects its steps name: an expand part that
        # leaves objects out cannot match the plan's fingerprint, and runs as a script.
        if _objects(steps) == _objects(plan.steps):
            return _progress(steps, driver.apply(connection, steps, plan.source_hash, objects))
        if any(check.violations for step in steps for check in step.checks):
            reporting.say("error: rows would make the statements above fail; nothing was applied")
            return 1
        reporting.say(
            "note: these expand statements leave objects of the plan out: they run one by one, "
            "without the check that the database is still as planned"
        )
        return _progress(steps, driver.apply(connection, steps))


def _progress(steps: Sequence[Step], results: Iterable[StepResult]) -> int:
    failed = 0
    for result in results:
        reporting.say(
            f"[{result.index + 1}/{len(steps)}] {result.status.value}: "
            f"{reporting.first_line(steps[result.index].sql)}"
            + (f": {result.message}" if result.message else "")
        )
        failed += result.status is StepStatus.FAILED
    return 1 if failed else 0


def _objects(steps: Iterable[Step]) -> set[object]:
    return {step.object for step in steps if step.object is not None}


def _statements(path: Path) -> list[str]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".sql" and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise DriverError(ErrorCode.INVALID_ARGUMENT, f"--ddl {path}: no such file or directory")
    return [s for f in files for s in split_statements(f.read_text(encoding="utf-8"))]
