"""Operator throughput on a real API server: Tables over Databases, planned, approved, applied.

Starts a kube-apiserver with etcd (tests/servers/kube.py) and a PostgreSQL (tests/servers/
postgres.py), applies the CRDs, and runs the operator as a subprocess (`python -m
schemahero.operator`, default settings) whose drivers are plugins (`localPath`): one process per
engine, started by the operator. Half of the Databases are SQLite files, half PostgreSQL
databases. Then, measured:
  - the time from the first Table created to a Migration PLANNED for every Table,
  - the time from the first approval (a status patch, as `kubectl schemahero approve` writes it)
    to every Migration EXECUTED,
  - the API requests the operator sent meanwhile: the API server's own count
    (apiserver_request_total) less the requests of this script, per Table,
  - the peak RSS of the operator and of each driver process (/proc VmHWM),
side by side with the time the API server took to accept the Tables from this script alone.

    .venv/bin/python bench/operator_throughput.py [--tables 1000] [--databases 10]

The operator runs as the `[operator]` extra installs it, without kubernetes_asyncio (which this
environment holds for the CLI); `--with-kubernetes-asyncio` lets kopf load it, as under `[all]`.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import json
import os
import re
import shlex
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import kube, postgres  # noqa: E402
from tests.servers.base import TestServer, free_port  # noqa: E402

NAMESPACE = "bench"
OPERATOR_GOAL_MIB = 150
DRIVER_GOAL_MIB = 80
POLL_SECONDS = 10.0
"""The longest wait between two polls (each a LIST of every Migration, which the API server
serves on the same two cores)."""
SCHEMAS = "/apis/schemas.schemahero.io/v1alpha4/namespaces/" + NAMESPACE
DATABASES = "/apis/databases.schemahero.io/v1alpha4/namespaces/" + NAMESPACE
MIGRATIONS = "/apis/schemas.schemahero.io/v1alpha4/namespaces/" + NAMESPACE + "/migrations"
REQUESTS = re.compile(r"^apiserver_request_total\{(?P<labels>[^}]*)\} (?P<value>\S+)$", re.M)
LABEL = re.compile(r'(\w+)="([^"]*)"')


class Api:
    """The API server over one kept-alive HTTPS connection; counts the requests it sends by the
    verb and resource the API server counts them under."""

    def __init__(self, cluster: kube.KubeCluster) -> None:
        url = urllib.parse.urlsplit(cluster.server)
        context = ssl.create_default_context(cafile=str(cluster.ca_file))
        self._connect = lambda: http.client.HTTPSConnection(
            url.hostname or "127.0.0.1", url.port, context=context, timeout=120
        )
        self._connection = self._connect()
        self._headers = {"Authorization": f"Bearer {cluster.token}", "Accept": "application/json"}
        self.sent: collections.Counter[str] = collections.Counter()

    def call(self, key: str, path: str, body: Any = None, content_type: str = "application/json") -> Any:
        """`key` is "VERB resource[/subresource]" (LIST for a GET of a collection)."""
        verb = key.partition(" ")[0]
        method = "GET" if verb == "LIST" else verb
        headers = dict(self._headers)
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = content_type
        self.sent[key] += 1
        try:
            self._connection.request(method, path, body=data, headers=headers)
            response = self._connection.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed an idle connection
            self._connection.close()
            self._connection = self._connect()
            self._connection.request(method, path, body=data, headers=headers)
            response = self._connection.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise SystemExit(f"{method} {path}: {response.status} {payload[:500]!r}")
        if response.getheader("Content-Type", "").startswith("application/json"):
            return json.loads(payload)
        return payload.decode()

    def served(self) -> collections.Counter[str]:
        """The API server's own count of the requests it answered, by verb and resource."""
        counts: collections.Counter[str] = collections.Counter()
        for found in REQUESTS.finditer(self.call("GET non-resource", "/metrics")):
            labels = dict(LABEL.findall(found["labels"]))
            resource = "/".join(p for p in (labels.get("resource"), labels.get("subresource")) if p)
            counts[f"{labels.get('verb')} {resource or 'non-resource'}"] += int(float(found["value"]))
        return counts


def table(n: int, database: str, engine: str) -> dict[str, Any]:
    """Seven columns, a primary key and one index."""
    columns = [{"name": "id", "type": "integer", "constraints": {"notNull": True}}]
    columns += [{"name": "email", "type": "varchar(255)", "constraints": {"notNull": True}}]
    columns += [{"name": f"c{i}", "type": ("text", "bigint", "integer")[i % 3]} for i in range(5)]
    block = {"primaryKey": ["id"], "columns": columns, "indexes": [{"columns": ["email"], "isUnique": True}]}
    return {
        "apiVersion": "schemas.schemahero.io/v1alpha4",
        "kind": "Table",
        "metadata": {"name": f"t{n}"},
        "spec": {"database": database, "name": f"t{n}", "schema": {engine: block}},
    }


def database(name: str, engine: str, uri: str, plugin: Path) -> dict[str, Any]:
    connection = {"dsn": uri} if engine == "sqlite" else {"uri": {"value": uri}}
    return {
        "apiVersion": "databases.schemahero.io/v1alpha4",
        "kind": "Database",
        "metadata": {"name": name},
        "spec": {"connection": {engine: connection, "plugin": {"localPath": str(plugin)}}},
    }


def driver_executables(folder: Path) -> dict[str, Path]:
    """Each engine's driver as a `localPath` plugin: a script that execs its module."""
    found = {}
    for engine in ("sqlite", "postgres"):
        path = folder / f"schemahero-driver-{engine}"
        path.write_text(f'#!/bin/sh\nexec {sys.executable} -m schemahero.drivers.{engine} "$@"\n')
        path.chmod(0o755)
        found[engine] = path
    return found


@dataclass
class Operator:
    """The operator as a subprocess, and the peak RSS of it and of the drivers it started."""

    process: subprocess.Popen[bytes]
    log: Path
    peaks: dict[str, float] = field(default_factory=dict)

    def sample(self) -> None:
        """Peak RSS so far (VmHWM) of the operator and its children, by what they are."""
        for name, pid in {"operator": self.process.pid, **drivers_of(self.process.pid)}.items():
            peak = _status_mib(pid, "VmHWM")
            if peak is not None:
                self.peaks[name] = max(self.peaks.get(name, 0.0), peak)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise SystemExit(
                f"the operator exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}"
            )


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:  # the process has gone
        return ""


def _status_mib(pid: int, key: str) -> float | None:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return None


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of the children it has reaped (utime, stime, cutime, cstime)."""
    fields = _read(Path(f"/proc/{pid}/stat")).rpartition(")")[2].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").glob("*") for c in _read(task / "children").split()]


def drivers_of(pid: int) -> dict[str, int]:
    """The driver processes the operator started, by engine. (A child forked but not yet
    exec'd is a copy of the operator: it is left out.)"""
    found = {}
    for child in children(pid):
        module = [a for a in _read(Path(f"/proc/{child}/cmdline")).split("\0") if ".drivers." in a]
        if module:
            found[f"driver {module[0].rpartition('.')[2]}"] = child
    return found


def system_pids(folder: Path, operator: Operator, postgres_port: int) -> dict[str, list[int]]:
    """The processes of the system under test, by part: the operator and its drivers, the API
    server, etcd and the controller manager (their command lines name `folder`), PostgreSQL's
    postmaster (`-p PORT`) and its backends."""
    found = {"operator": [operator.process.pid]}
    found.update({name: [pid] for name, pid in drivers_of(operator.process.pid).items()})
    for proc in Path("/proc").glob("[0-9]*"):
        argv = _read(proc / "cmdline").split("\0")
        name = Path(argv[0]).name
        if name in ("kube-apiserver", "etcd", "kube-controller-manager") and str(folder) in " ".join(argv):
            found[name] = [int(proc.name)]
        elif name in ("postgres", "postmaster") and str(postgres_port) in argv:
            found["postgres"] = [int(proc.name), *children(int(proc.name))]
    return found


def cpu_by_part(pids: dict[str, list[int]]) -> dict[str, float]:
    return {part: sum(cpu_seconds(pid) for pid in group) for part, group in pids.items()}


WITHOUT_CLIENT_LIBRARY = (
    "import runpy, sys; sys.modules['kubernetes_asyncio'] = None; "
    "runpy.run_module('schemahero.operator', run_name='__main__', alter_sys=True)"
)
"""`python -m schemahero.operator` as the `[operator]` install runs it: without kubernetes_asyncio,
which this environment holds for the CLI's cluster commands, and which kopf imports whenever it is
importable."""


def start_operator(
    kubeconfig: Path, folder: Path, metrics_port: int, extra: list[str], client_library: bool
) -> Operator:
    """`python -m schemahero.operator` with its default settings (and `extra` flags), watching the
    bench namespace; `client_library`: with kubernetes_asyncio importable (kopf then loads it)."""
    log = folder / "operator.log"
    env = {**os.environ, "KUBECONFIG": str(kubeconfig)}
    start = ["-m", "schemahero.operator"] if client_library else ["-c", WITHOUT_CLIENT_LIBRARY]
    command = [sys.executable, *start, "--namespace", NAMESPACE]
    command += ["--metrics-port", str(metrics_port), "--metrics-address", "127.0.0.1", *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Operator(process, log)


def wait_for(
    what: str, done: Callable[[], bool], operator: Operator, timeout: float, poll: float = POLL_SECONDS
) -> float:
    """Seconds until `done()`, sampling RSS meanwhile; gives up after `timeout`. Polls more often
    early on, so that a short stage is timed as closely as a long one."""
    started = time.monotonic()
    while not done():
        operator.alive()
        operator.sample()
        if time.monotonic() - started > timeout:
            raise SystemExit(f"timed out after {timeout:g}s waiting for {what}; log: {operator.log}")
        time.sleep(max(min(poll, (time.monotonic() - started) / 20), 0.2))  # an error of <= 5%
    operator.sample()
    return time.monotonic() - started


def migrations(api: Api) -> list[dict[str, Any]]:
    # From the API server's watch cache: polling costs it little, whatever the number of objects.
    items: list[dict[str, Any]] = api.call("LIST migrations", f"{MIGRATIONS}?resourceVersion=0")["items"]
    return items


def phases(api: Api) -> collections.Counter[str]:
    return collections.Counter((m.get("status") or {}).get("phase", "none") for m in migrations(api))


def all_in(api: Api, phase: str, count: int, seen: dict[str, int]) -> Callable[[], bool]:
    def check() -> bool:
        found = phases(api)
        seen.clear()
        seen.update(found)
        if found.get("FAILED") or found.get("INVALID"):
            raise SystemExit(f"Migrations went wrong: {dict(found)}")
        return found.get(phase, 0) == count

    return check


def connected(api: Api) -> int:
    """How many Databases the operator has connected to."""
    found = api.call("LIST databases", f"{DATABASES}/databases?resourceVersion=0")["items"]
    return sum(
        any(c.get("type") == "Connected" and c.get("status") == "True" for c in _conditions(d)) for d in found
    )


def _conditions(body: dict[str, Any]) -> list[dict[str, Any]]:
    conditions: list[dict[str, Any]] = (body.get("status") or {}).get("conditions") or []
    return conditions


def operator_metrics(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    found: dict[str, float] = collections.defaultdict(float)
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if series and not series.startswith("#"):
            found[series.split("{")[0]] += float(value)
    return found


@contextlib.contextmanager
def servers(folder: Path) -> Iterator[tuple[kube.KubeCluster, TestServer]]:
    cluster = kube.provide(folder)
    if isinstance(cluster, str):
        raise SystemExit(cluster)
    try:
        server = postgres.provide(folder)
        if isinstance(server, str):
            raise SystemExit(server)
        try:
            yield cluster, server
        finally:
            server.stop()
    finally:
        cluster.stop()


@dataclass
class Run:
    """What one run measured."""

    tables: int
    databases: int
    created: float = 0.0
    planned: float = 0.0
    applied: float = 0.0
    requests: dict[str, collections.Counter[str]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds each part of the system spent from the first Table to the last apply."""
    peaks: dict[str, float] = field(default_factory=dict)
    idle: float = 0.0
    """The operator's RSS once connected to every Database, before the first Table."""
    metrics: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """The load average at the end (1, 5, 15 minutes): other work on the machine moves timings."""


def measure(args: argparse.Namespace, cluster: kube.KubeCluster, server: TestServer, folder: Path) -> Run:
    kubectl = ["kubectl", "--kubeconfig", str(cluster.kubeconfig)]
    subprocess.run(
        [*kubectl, "apply", "-k", str(ROOT / "manifests" / "crds")], check=True, capture_output=True
    )
    subprocess.run(
        [*kubectl, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"],
        check=True,
        capture_output=True,
    )
    api = Api(cluster)
    api.call("POST namespaces", "/api/v1/namespaces", {"metadata": {"name": NAMESPACE}})
    plugins = driver_executables(folder)
    engines = [("sqlite", "postgres")[i % 2] for i in range(args.databases)]
    for i, engine in enumerate(engines):
        uri = str(folder / f"db{i}.sqlite") if engine == "sqlite" else server.new_database(f"bench_db{i}").uri
        api.call("POST databases", f"{DATABASES}/databases", database(f"db{i}", engine, uri, plugins[engine]))
    run = Run(args.tables, args.databases)
    port = free_port()
    extra = shlex.split(args.operator_args)
    operator = start_operator(cluster.kubeconfig, folder, port, extra, args.with_kubernetes_asyncio)
    timeout = args.timeout or 120 + 2.0 * args.tables
    seen: dict[str, int] = {}
    try:
        wait_for("every Database Connected", lambda: connected(api) == args.databases, operator, 120, 0.5)
        run.idle = _status_mib(operator.process.pid, "VmRSS") or 0.0
        before, sent = api.served(), api.sent.copy()
        postgres_port = urllib.parse.urlsplit(server.new_database("bench_probe").uri).port or 0
        cpu_before = cpu_by_part(system_pids(folder, operator, postgres_port))
        cpu_before["benchmark client"] = time.process_time()
        started = time.monotonic()
        for n in range(args.tables):
            i = n % args.databases
            api.call("POST tables", f"{SCHEMAS}/tables", table(n, f"db{i}", engines[i]))
        run.created = time.monotonic() - started
        planned = all_in(api, "PLANNED", args.tables, seen)
        run.planned = run.created + wait_for(
            f"{args.tables} PLANNED Migrations ({seen})", planned, operator, timeout
        )
        middle, sent_middle = api.served(), api.sent.copy()
        started = time.monotonic()
        for migration in migrations(api):
            approval = {"status": {"phase": "APPROVED", "approvedAt": int(time.time())}}
            path = f"{MIGRATIONS}/{migration['metadata']['name']}/status"
            api.call("PATCH migrations/status", path, approval, "application/merge-patch+json")
        executed = all_in(api, "EXECUTED", args.tables, seen)
        run.applied = time.monotonic() - started
        run.applied += wait_for(f"{args.tables} EXECUTED Migrations ({seen})", executed, operator, timeout)
        after, sent_after = api.served(), api.sent.copy()
        run.cpu = cpu_by_part(system_pids(folder, operator, postgres_port))
        run.cpu["benchmark client"] = time.process_time()
        run.cpu = {part: seconds - cpu_before.get(part, 0.0) for part, seconds in run.cpu.items()}
        run.metrics = operator_metrics(port)
        run.requests = {
            "planning": (middle - before) - (sent_middle - sent),
            "applying": (after - middle) - (sent_after - sent_middle),
        }
    finally:
        operator.stop()
    run.peaks = operator.peaks
    run.load = os.getloadavg()
    return run


def report(run: Run) -> None:
    per = 1000 / run.tables
    engines = "half SQLite, half PostgreSQL"
    print(f"{run.tables} Tables over {run.databases} Databases ({engines}); drivers are plugins (localPath)")
    load = ", ".join(f"{value:.2f}" for value in run.load)
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}, load average at the end {load}")
    print(f"{'stage':<34}{'seconds':>9}{'ms/Table':>10}{'ratio':>8}")
    print(f"{'API accepts the Tables (baseline)':<34}{run.created:>9.1f}{run.created * per:>10.1f}{1:>8.2f}")
    for label, seconds in (("all PLANNED", run.planned), ("all EXECUTED after approval", run.applied)):
        print(f"{label:<34}{seconds:>9.1f}{seconds * per:>10.1f}{seconds / run.created:>8.2f}")
    m = run.metrics
    for label, key in (("driver Plan, per call", "plan"), ("driver Apply, per call", "apply")):
        count = m.get(f"schemahero_{key}_duration_seconds_count", 0.0)
        mean = m.get(f"schemahero_{key}_duration_seconds_sum", 0.0) / count if count else float("nan")
        print(f"  {label:<32}{'':>9}{mean * 1000:>10.1f}   ({count:.0f} calls)")
    print("API requests sent by the operator (the API server's count, less this script's), per Table:")
    for stage, counts in run.requests.items():
        total = sum(v for v in counts.values() if v > 0)
        top = ", ".join(f"{k} {v / run.tables:.2f}" for k, v in counts.most_common(6) if v > 0)
        print(f"  {stage:<10}{total / run.tables:>6.1f}   ({top})")
    total = sum(run.cpu.values())
    print(f"CPU time from the first Table to the last apply, ms per Table ({os.cpu_count()} cores):")
    parts = sorted(run.cpu.items(), key=lambda item: -item[1])
    print("  " + ", ".join(f"{part} {seconds * per:.0f} ({seconds / total:.0%})" for part, seconds in parts))
    print(f"operator RSS once connected, before the first Table: {run.idle:.0f} MiB")
    print("peak RSS, MiB (goal; ratio to goal):")
    for name, peak in sorted(run.peaks.items()):
        goal = OPERATOR_GOAL_MIB if name == "operator" else DRIVER_GOAL_MIB
        print(f"  {name:<22}{peak:>7.0f}   (<= {goal}; {peak / goal:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--databases", type=int, default=10)
    parser.add_argument(
        "--operator-args", default="", help="more flags for the operator, e.g. '--resync-interval 0'"
    )
    parser.add_argument(
        "--with-kubernetes-asyncio",
        action="store_true",
        help="let the operator import kubernetes_asyncio (kopf does when it is installed), as with "
        "`[all]`; by default it runs as `[operator]` installs it, without",
    )
    parser.add_argument(
        "--timeout", type=float, help="seconds each stage may take (default: 120 + 2 per Table)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schemahero-bench-") as tmp:
        folder = Path(tmp)
        with servers(folder) as (cluster, server):
            run = measure(args, cluster, server, folder)
    report(run)


if __name__ == "__main__":
    main()
