"""`plan`: the statements that bring a database to the specs, on stdout and nothing else."""

from __future__ import annotations

import argparse
from pathlib import Path

from schemahero.cli import reporting
from schemahero.cli.connection import add_connection_flags, connection_from
from schemahero.cli.output import write_text
from schemahero.cli.phases import add_rollout_flag, of_phase
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.types import Connection, Plan, PlanOptions
from schemahero.plugins import open_driver
from schemahero.schema import documents
from schemahero.schema.documents import SpecObject

DIFFERS = 2
"""`plan --check`'s exit status when the database differs from the specs."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "plan",
        help="print the statements that bring a database to the specs",
        description="Compare the specs with the live database and print the statements that "
        "would bring it to them, one per line, each ending in ';'. Nothing is changed. "
        "Diagnostics, hazards, rows that would make a statement fail, and progress go to stderr.",
    )
    add_connection_flags(parser)
    parser.add_argument(
        "--spec-file",
        required=True,
        type=Path,
        metavar="PATH",
        help="a spec file, or a folder of them (YAML or JSON, plain specs or whole Kubernetes objects)",
    )
    parser.add_argument(
        "--spec-type",
        default="table",
        help="kind of plain specs: table, view, function, extension, type",
    )
    parser.add_argument(
        "--seed-data", action="store_true", help="also plan the seed rows that the tables lack"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the plan here, not stdout")
    parser.add_argument(
        "--check",
        action="store_true",
        help="a CI gate: exit 2 when the database differs from the specs (the plan "
        "is printed as usual), 0 when they match; with --rollout, when that phase has statements",
    )
    add_rollout_flag(parser, "print")
    parser.set_defaults(run=run)


def plan_specs(
    driver: Driver, connection: Connection, args: argparse.Namespace
) -> tuple[list[SpecObject], Plan]:
    """The specs of `--spec-file` and the driver's plan of them, its diagnostics reported."""
    objects = documents.load(args.spec_file, args.spec_type)
    plan = driver.plan(connection, objects, PlanOptions(seed_data=args.seed_data))
    reporting.diagnostics(plan.diagnostics)
    return objects, plan


def run(args: argparse.Namespace) -> int:
    with open_driver(args.driver, args.plugin) as driver:
        objects, plan = plan_specs(driver, connection_from(args), args)
    if not plan.ok:
        return 1
    steps = of_phase(plan.steps, args.rollout)
    write_text("".join(f"{step.sql};\n" for step in steps), args.out)
    reporting.hazards(steps)
    reporting.counted_rows(steps)
    statements, specs = reporting.amount(len(plan.steps), "statement"), reporting.amount(len(objects), "spec")
    planned = f"{statements} planned from {specs}"
    if args.rollout is None:
        reporting.say(planned)
    else:
        reporting.say(f"{reporting.amount(len(steps), args.rollout + ' statement')} of {planned}")
    return DIFFERS if args.check and steps else 0
