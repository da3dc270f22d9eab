"""`kubectl-schemahero` (also `schemahero`): plan, apply, generate, fixtures, plugin, version."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from schemahero import __version__
from schemahero.cli import apply, fixtures, generate, install, plan, plugin, reporting
from schemahero.cli.cluster import describe, get, recalculate, verdicts
from schemahero.driver_api.errors import DriverError
from schemahero.driver_api.types import API_VERSION
from schemahero.schema.diagnostics import SpecError


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="kubectl-schemahero",
        description="Declarative database schema management. Plan the statements that bring "
        "a database to its specs, review them, apply them.",
    )
    root.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in (
        plan,
        apply,
        generate,
        fixtures,
        get,
        describe,
        verdicts,
        recalculate,
        plugin,
        install,
    ):
        command.register(commands)
    version = commands.add_parser("version", help="print the version")
    version.set_defaults(run=_version)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    level = logging.INFO if args.verbose else os.environ.get("SCHEMAHERO_LOG_LEVEL", "WARNING")
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.run(args))
    except SpecError as error:
        reporting.diagnostics(error.diagnostics)
        return 1
    except DriverError as error:
        reporting.say(f"error: {error.message}")
        reporting.diagnostics(error.diagnostics)
        return 1
    except KeyboardInterrupt:
        reporting.say("interrupted")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _version(args: argparse.Namespace) -> int:
    print(f"schemahero {__version__} (driver API {API_VERSION})")
    return 0


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into an exit that runs cleanups, so that no driver process is left behind."""
    raise SystemExit(128 + signum)
