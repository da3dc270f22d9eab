"""Plugin overhead: the same 1,000-table plan and apply in-process, over a unix socket, over TCP.

Each path plans a fresh SQLite database from the same specs, applies the plan, and plans again
(nothing left). Then, as the operator calls a driver, it plans `--singles` tables one call each
against the full database. Each round runs every path once, one after the other, so that load
from other work on the machine falls on all of them alike; times are the best of `--rounds`
rounds, and the ratios are to the in-process path. The plan's CPU time (of the caller and the
driver together) moves less with load than its wall time. Also prints the load average at the
start and the end, and the peak RSS of each driver process.

    .venv/bin/python bench/plugin_overhead.py [--tables 1000] [--rounds 3] [--singles 50]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
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


Timings = tuple[float, float, float, float]
"""Plan seconds, plan CPU seconds, apply seconds, one-table plan seconds."""


def round_trip(
    driver: Driver,
    objects: list[SpecObject],
    folder: Path,
    label: str,
    singles: int,
    *,
    cpu: Callable[[], float] = time.process_time,
) -> Timings:
    """Seconds to plan and to apply 1,000 tables into a new database (the replan must be empty),
    the CPU seconds of that plan (`cpu` reads those of every process involved), and the mean
    seconds of a one-table plan against the database."""
    connection = Connection(uri=str(folder / f"{label}-{time.monotonic_ns()}.db"))
    cpu_started, started = cpu(), time.perf_counter()
    plan = driver.plan(connection, objects, PlanOptions(seed_data=False))
    planned, cpu_planned = time.perf_counter(), cpu()
    results = list(driver.apply(connection, plan.steps, plan.source_hash))
    applied = time.perf_counter()
    assert plan.ok and len(results) == len(plan.steps), "the plan did not apply"
    assert not driver.plan(connection, objects).steps, "the plan did not converge"
    begun = time.perf_counter()
    for obj in objects[:singles]:
        driver.plan(connection, [obj], PlanOptions(seed_data=False))
    single = (time.perf_counter() - begun) / max(singles, 1)
    return planned - started, cpu_planned - cpu_started, applied - planned, single


def best(rows: list[Timings]) -> Timings:
    plan, plan_cpu, apply, single = zip(*rows, strict=True)
    return min(plan), min(plan_cpu), min(apply), min(single)


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of process `pid`, to the nanosecond (schedstat, not clock ticks)."""
    tasks = Path(f"/proc/{pid}/task").iterdir()
    return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks) / 1e9


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def both_cpu_seconds(pid: int) -> float:
    """CPU seconds of this process and of the driver process `pid`."""
    return time.process_time() + cpu_seconds(pid)


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
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="schemahero-bench-") as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        runs: dict[str, Callable[[], Timings]] = {
            "in-process": lambda: round_trip(in_tree.load("sqlite"), objects, folder, "p", args.singles)
        }
        processes: dict[str, subprocess.Popen[bytes]] = {}
        endpoints = {
            "unix socket": f"unix://{folder}/driver.sock",
            "tcp 127.0.0.1": f"127.0.0.1:{free_port()}",
        }
        for label, endpoint in endpoints.items():
            client, processes[label] = stack.enter_context(served(endpoint))
            cpu = functools.partial(both_cpu_seconds, processes[label].pid)
            runs[label] = functools.partial(round_trip, client, objects, folder, "s", args.singles, cpu=cpu)
        timings: dict[str, list[Timings]] = {label: [] for label in runs}
        for _ in range(args.rounds):
            for label, run in runs.items():
                timings[label].append(run())
        peaks = {label: peak_rss_mib(process.pid) for label, process in processes.items()}
    results = {label: best(rows) for label, rows in timings.items()}
    base = results["in-process"]
    print(
        f"{args.tables} tables, best of {args.rounds} rounds; ratio to in-process "
        f"(goal <= {GOAL} for a plan); load average {load_at_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    print(
        f"{'path':<16}{'plan s':>8}{'ratio':>7}{'plan CPU s':>12}{'ratio':>7}{'apply s':>9}{'ratio':>7}"
        f"{'1-table plan ms':>17}{'ratio':>7}{'driver RSS MiB':>16}"
    )
    for label, (plan, plan_cpu, apply, single) in results.items():
        rss = f"{peaks[label]:.0f}" if label in peaks else "-"
        print(
            f"{label:<16}{plan:>8.2f}{plan / base[0]:>7.2f}{plan_cpu:>12.2f}{plan_cpu / base[1]:>7.2f}"
            f"{apply:>9.2f}{apply / base[2]:>7.2f}{single * 1000:>17.1f}{single / base[3]:>7.2f}{rss:>16}"
        )


if __name__ == "__main__":
    main()
