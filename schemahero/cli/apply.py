"""`apply`: run a DDL file (or a folder of them) against a database, statement by statement."""

from __future__ import annotations

import argparse
from pathlib import Path

from schemahero.cli import reporting
from schemahero.cli.connection import add_connection_flags, connection_from
from schemahero.cli.statements import split_statements
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import Step, StepKind, StepStatus
from schemahero.plugins import open_driver


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "apply",
        help="run the statements of a DDL file against a database",
        description="Run each statement of the DDL file (or of each .sql file in a folder, in "
        "name order), in order; stop at the first failure. Progress goes to stderr.",
    )
    add_connection_flags(parser)
    parser.add_argument(
        "--ddl",
        required=True,
        type=Path,
        metavar="PATH",
        help="a .sql file or a folder of .sql files, as `plan` writes them",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    steps = [Step(sql, StepKind.RAW) for sql in _statements(args.ddl)]
    if not steps:
        reporting.say("nothing to apply")
        return 0
    failed = 0
    with open_driver(args.driver, args.plugin) as driver:
        for result in driver.apply(connection_from(args), steps):
            statement = _first_line(steps[result.index].sql)
            reporting.say(
                f"[{result.index + 1}/{len(steps)}] {result.status.value}: {statement}"
                + (f": {result.message}" if result.message else "")
            )
            failed += result.status is StepStatus.FAILED
    return 1 if failed else 0


def _statements(path: Path) -> list[str]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".sql" and p.is_file())
    elif path.is_file():
        files = [path]
    else:
        raise DriverError(ErrorCode.INVALID_ARGUMENT, f"--ddl {path}: no such file or directory")
    return [s for f in files for s in split_statements(f.read_text(encoding="utf-8"))]


def _first_line(sql: str) -> str:
    line = sql.strip().splitlines()[0]
    return line if len(line) <= 80 else line[:77] + "..."
