"""Plugin overhead: the same 1,000-table plan and apply in-process, over a unix socket, over TCP.

Each path plans a fresh SQLite database from the same specs, applies the plan, and plans again
(nothing left). Then, as the operator calls a driver, it plans `--singles` tables one call each
against the full database. Times are the best of `--rounds` runs; the ratios are to the
in-process path, measured in the same run. Also prints the peak RSS of a driver process.

    .venv/bin/python bench/plugin_overhead.py [--tables 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.driver import Driver
from schemahero.driver_api.types import Connection, PlanOptions
from schemahero.plugins import in_tree
from schemahero.schema.documents import SpecObject

GOAL = 1.1


def specs(tables: int) -> list[SpecObject]:
    """`tables` tables of 15 columns, 3 indexes and 2 foreign keys to earlier tables."""
    objects = []
    for n in range(tables):
        columns = [{"name": "id", "type": "integer", "constraints": {"notNull": True}}]
        columns += [{"name": f"c{i}", "type": "text" if i % 2 else "integer"} for i in range(1, 15)]
        block = {
            "primaryKey": ["id"],
            "columns": columns,
            "indexes": [{"columns": [f"c{i}"]} for i in (1, 2, 3)],
            "foreignKeys": [
                {"columns": [f"c{i}"], "references": {"table": f"t{(n - k) % tables}", "columns": ["id"]}}
                for i, k in ((4, 1), (6, 2))
            ],
        }
        spec = {"database": "bench", "name": f"t{n}", "schema": {"sqlite": block}}
        objects.append(SpecObject("Table", f"t{n}", spec, f"bench: Table t{n}"))
    return objects


@contextlib.contextmanager
def served(endpoint: str) -> Iterator[tuple[DriverClient, subprocess.Popen[bytes]]]:
    process = subprocess.Popen([sys.executable, "-m", "schemahero.drivers.sqlite", "--listen", endpoint])
    client = DriverClient(endpoint, timeout=600)
    try:
        client.wait_ready(30)
        yield client, process
    finally:
        client.close()
        process.terminate()
        process.wait(10)


def round_trip(
    driver: Driver, objects: list[SpecObject], folder: Path, label: str, singles: int
) -> tuple[float, float, float]:
    """Seconds to plan and to apply 1,000 tables into a new database (the replan must be empty),
    and the mean seconds of a one-table plan against it."""
    connection = Connection(uri=str(folder / f"{label}-{time.monotonic_ns()}.db"))
    started = time.perf_counter()
    plan = driver.plan(connection, objects, PlanOptions(seed_data=False))
    planned = time.perf_counter()
    results = list(driver.apply(connection, plan.steps, plan.source_hash))
    applied = time.perf_counter()
    assert plan.ok and len(results) == len(plan.steps), "the plan did not apply"
    assert not driver.plan(connection, objects).steps, "the plan did not converge"
    begun = time.perf_counter()
    for obj in objects[:singles]:
        driver.plan(connection, [obj], PlanOptions(seed_data=False))
    single = (time.perf_counter() - begun) / max(singles, 1)
    return planned - started, applied - planned, single


def best(rounds: int, run: Callable[[], tuple[float, ...]]) -> tuple[float, ...]:
    timings = [run() for _ in range(rounds)]
    return tuple(min(t[i] for t in timings) for i in range(len(timings[0])))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--singles", type=int, default=50, help="one-table plans timed per round")
    args = parser.parse_args()
    objects = specs(args.tables)
    with tempfile.TemporaryDirectory(prefix="schemahero-bench-") as tmp:
        folder = Path(tmp)
        results = {
            "in-process": best(
                args.rounds, lambda: round_trip(in_tree.load("sqlite"), objects, folder, "p", args.singles)
            )
        }
        peaks = {}
        endpoints = {
            "unix socket": f"unix://{folder}/driver.sock",
            "tcp 127.0.0.1": f"127.0.0.1:{free_port()}",
        }
        for label, endpoint in endpoints.items():
            with served(endpoint) as (client, process):
                run = lambda c=client: round_trip(c, objects, folder, "s", args.singles)  # noqa: E731
                results[label] = best(args.rounds, run)
                peaks[label] = peak_rss_mib(process.pid)
    base = results["in-process"]
    print(f"{args.tables} tables, best of {args.rounds}; ratio to in-process (goal <= {GOAL} for a plan)")
    print(
        f"{'path':<16}{'plan s':>8}{'ratio':>7}{'apply s':>9}{'ratio':>7}"
        f"{'1-table plan ms':>17}{'ratio':>7}{'driver RSS MiB':>16}"
    )
    for label, (plan, apply, single) in results.items():
        rss = f"{peaks[label]:.0f}" if label in peaks else "-"
        print(
            f"{label:<16}{plan:>8.2f}{plan / base[0]:>7.2f}{apply:>9.2f}{apply / base[1]:>7.2f}"
            f"{single * 1000:>17.1f}{single / base[2]:>7.2f}{rss:>16}"
        )


if __name__ == "__main__":
    main()
