"""How long `plan` takes on large PostgreSQL schemas, next to `pg_dump --schema-only`.

For 100, 1,000 and 5,000 tables (15 columns, 3 indexes and 2 foreign keys each) it builds a
database, then times, in a fresh process per size:
  - plan with no change (every table's spec matches: the plan is empty),
  - plan with 1% of the specs changed (a new column, a new default, a dropped index),
  - pg_dump --schema-only of the same database, in the same run,
and prints the ratio plan / pg_dump, the planning process's peak RSS, how many queries the
catalog reading sent (a constant: no query per table), and the best time of each stage of a plan
(reading the specs, reading the catalog, comparing and rendering).

    .venv/bin/python bench/plan_postgres.py [--uri postgres://superuser@host/db] [--sizes 100 1000]

Without --uri it starts a throw-away PostgreSQL as the tests do (tests/servers/postgres.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemahero.diffing import diff, order  # noqa: E402
from schemahero.driver_api.engine_driver import EngineDriver  # noqa: E402
from schemahero.driver_api.types import Connection, PlanOptions  # noqa: E402
from schemahero.drivers.postgres import create_driver  # noqa: E402
from schemahero.drivers.postgres import inspect as catalog  # noqa: E402
from schemahero.schema.documents import SpecObject  # noqa: E402
from tests.servers import postgres as test_servers  # noqa: E402

TYPES = [
    ("integer", "0"),
    ("bigint", None),
    ("text", "''"),
    ("varchar(255)", None),
    ("numeric(10,2)", "0"),
    ("boolean", "false"),
    ("timestamp", "now()"),
    ("timestamptz", None),
    ("date", None),
    ("jsonb", None),
    ("uuid", None),
    ("double precision", None),
]
"""Twelve data columns; with id and the two foreign-key columns, fifteen."""

BATCH = 100
"""Tables created per transaction while building (PostgreSQL's lock table is finite)."""


def spec(i: int, changed: bool = False) -> SpecObject:
    columns: list[dict[str, Any]] = [{"name": "id", "type": "integer"}]
    for n, (type_, default) in enumerate(TYPES):
        column: dict[str, Any] = {"name": f"c{n}", "type": type_}
        if default is not None:
            column.update(default=default, constraints={"notNull": True})
        columns.append(column)
    columns += [{"name": "ref_a", "type": "integer"}, {"name": "ref_b", "type": "integer"}]
    indexes: list[dict[str, Any]] = [
        {"columns": ["c0"]},
        {"columns": ["c2", "c3"]},
        {"columns": ["c10"], "isUnique": True},
    ]
    if changed:
        columns.append({"name": "added", "type": "text"})
        columns[4]["default"] = "unknown"
        indexes.pop(0)
    block = {
        "primaryKey": ["id"],
        "columns": columns,
        "indexes": indexes,
        "foreignKeys": [
            {"columns": ["ref_a"], "references": {"table": f"t{max(i - 1, 0)}", "columns": ["id"]}},
            {"columns": ["ref_b"], "references": {"table": f"t{max(i - 2, 0)}", "columns": ["id"]}},
        ],
    }
    return SpecObject("Table", f"t{i}", {"name": f"t{i}", "schema": {"postgres": block}})


def build(uri: str, tables: int) -> None:
    """The tables the specs describe, made with the driver's own plan, a batch at a time."""
    driver = create_driver()
    connection = Connection(uri)
    for start in range(0, tables, BATCH):
        objects = [spec(i) for i in range(start, min(start + BATCH, tables))]
        planned = driver.plan(connection, objects)
        results = list(driver.apply(connection, planned.steps, planned.source_hash, objects))
        failed = [r for r in results if r.status.value == "FAILED"]
        if failed:
            raise SystemExit(f"building the database failed: {failed[0].message}")


def measure(uri: str, tables: int, repeat: int) -> dict[str, Any]:
    """Runs in its own process: the plans' times, steps, catalog queries and peak RSS."""
    driver = create_driver()
    connection = Connection(uri)
    queries = _count_queries()
    same = [spec(i) for i in range(tables)]
    changed_every = 100
    some = [spec(i, changed=i % changed_every == 0) for i in range(tables)]
    result: dict[str, Any] = {}
    for label, objects in (("unchanged", same), ("changed", some)):
        times = []
        for _ in range(repeat):
            queries.clear()
            start = time.perf_counter()
            planned = driver.plan(connection, objects, PlanOptions(seed_data=True))
            times.append(time.perf_counter() - start)
        result[label] = {
            "seconds": min(times),
            "median": statistics.median(times),
            "steps": len(planned.steps),
        }
        result[label]["queries"] = len(queries)
    result["stages"] = stages(driver, connection, same, repeat)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def stages(
    driver: EngineDriver, connection: Connection, objects: list[SpecObject], repeat: int
) -> dict[str, float]:
    """The best time of each stage of a plan: reading the specs, the catalog, comparing."""
    engine = driver.engine
    best: dict[str, float] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        desired, _ = engine.desired(objects)
        read = time.perf_counter()
        session = engine.connect(connection)
        inspection = session.inspect(desired.refs, desired.seeds)
        session.close()
        compared = time.perf_counter()
        engine.render(order(diff(inspection.schema, desired, engine.hooks, inspection.present_rows)))
        done = time.perf_counter()
        for name, seconds in (
            ("specs", read - start),
            ("catalog", compared - read),
            ("diff", done - compared),
        ):
            best[name] = min(best.get(name, seconds), seconds)
    return best


def _count_queries() -> list[str]:
    """Counts the catalog queries the driver sends (each job of each pipeline)."""
    sent: list[str] = []
    original = catalog.run_all

    def counting(conn: Any, jobs: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
        sent.extend(name for name, _, _ in jobs)
        return original(conn, jobs)

    catalog.run_all = counting
    return sent


def pg_dump(uri: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["pg_dump", "--schema-only", "--no-owner", "-f", "/dev/null", "-d", uri], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def new_database(admin: str, name: str) -> str:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    parts = urllib.parse.urlsplit(admin)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uri", help="a superuser's URI on a running server (default: start one)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is kept")
    parser.add_argument("--measure", nargs=2, metavar=("URI", "TABLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]), args.repeat)))
        return
    stop = None
    admin = args.uri
    if admin is None:
        server = test_servers.provide(Path("/tmp"))
        if isinstance(server, str):
            raise SystemExit(server)
        admin, stop = server.new_database("schemahero_bench_admin").uri, server.stop
    try:
        print(f"{'tables':>7} {'plan, no change':>16} {'plan, 1% changed':>17} {'steps':>6} "
              f"{'pg_dump -s':>11} {'ratio':>6} {'peak RSS':>9} {'queries':>8}   "
              "stages (specs/catalog/diff)")  # fmt: skip
        for tables in args.sizes:
            uri = new_database(admin, f"schemahero_bench_{tables}")
            build(uri, tables)
            run = [sys.executable, __file__, "--repeat", str(args.repeat), "--measure", uri, str(tables)]
            found = json.loads(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
            dump = pg_dump(uri, args.repeat)
            unchanged, changed = found["unchanged"], found["changed"]
            print(
                f"{tables:>7} {unchanged['seconds']:>15.2f}s {changed['seconds']:>16.2f}s "
                f"{changed['steps']:>6} "
                f"{dump:>10.2f}s {unchanged['seconds'] / dump:>6.2f} {found['peak_rss_mb']:>7.0f}MB "
                f"{unchanged['queries']:>8}   "
                + "/".join(f"{found['stages'][s]:.2f}s" for s in ("specs", "catalog", "diff")),
                flush=True,
            )
    finally:
        if stop is not None:
            stop()


if __name__ == "__main__":
    main()
