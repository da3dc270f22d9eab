"""PostgreSQL for the tests: a throw-away cluster from the machine's own binaries.

PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to the
`postgres` system user (`runuser`), in a temporary folder of its own. It listens on 127.0.0.1
on a free port, with its unix socket in that folder. The tests log in as `schemahero`, with
upstream's password full of special characters, over TCP (scram-sha-256); it is a superuser,
as in upstream's test images, so that fixtures may create any extension.

SCHEMAHERO_TEST_POSTGRES_URI (a superuser's URI) names a server that already runs instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
from psycopg import sql

from tests.servers.base import TestDatabase, TestServer, free_port, log_tail

USER = "schemahero"
PASSWORD = "!@#$%^&*(){}'\";"
ENV_URI = "SCHEMAHERO_TEST_POSTGRES_URI"
START_TIMEOUT = 60
SYSTEM_USER = "postgres"
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")
"""A throw-away cluster needs no durability."""


def provide(tmp_root: Path) -> TestServer | str:
    """A running PostgreSQL, or why there is none (the reason names PostgreSQL)."""
    if os.environ.get(ENV_URI):
        return _existing(os.environ[ENV_URI])
    binaries = _binaries()
    if binaries is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed: run scripts/setup"
    as_user = _run_as()
    if isinstance(as_user, str):
        return as_user
    return _start(binaries, as_user)


def _binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL installed the Debian way, or on PATH."""
    folders = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    for folder in folders:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _run_as() -> list[str] | str:
    """The command prefix that runs a server program: none, or runuser when we are root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        return "PostgreSQL cannot run as root and runuser is missing"
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        return f"PostgreSQL cannot run as root and there is no {SYSTEM_USER!r} user to run it"
    return ["runuser", "-u", SYSTEM_USER, "--"]


def _start(binaries: Path, as_user: list[str]) -> TestServer | str:
    root = Path(tempfile.mkdtemp(prefix="schemahero-postgres-"))
    if as_user:
        shutil.chown(root, user=SYSTEM_USER)
    data, log, port = root / "data", root / "server.log", free_port()

    def run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        command = [*as_user, *(str(a) for a in argv)]
        return subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT, check=False)

    init = run(
        binaries / "initdb", "-D", data, "-U", "postgres", "--auth-local=trust",
        "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
    )  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        return f"PostgreSQL initdb failed: {init.stderr.strip()[-2000:]}"
    options = " ".join(
        [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={root}"]
        + [f"-c {setting}" for setting in FAST]
    )
    started = run(binaries / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start")
    if started.returncode != 0:
        reason = log_tail(log) if log.exists() else started.stderr
        shutil.rmtree(root, ignore_errors=True)
        return f"PostgreSQL did not start on port {port}: {reason}"

    def stop() -> None:
        run(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)

    admin = f"host={root} port={port} user=postgres dbname=postgres"
    try:
        _create_user(admin)
    except psycopg.Error as error:
        stop()
        return f"PostgreSQL started but refused the test user: {error}"
    return TestServer("postgres", _databases(admin, "127.0.0.1", port), stop)


def _existing(uri: str) -> TestServer | str:
    try:
        _create_user(uri)
    except psycopg.Error as error:
        return f"PostgreSQL at {ENV_URI} cannot be used: {error}"
    parts = urllib.parse.urlsplit(uri)
    return TestServer(
        "postgres", _databases(uri, parts.hostname or "127.0.0.1", parts.port or 5432), lambda: None
    )


def _create_user(admin: str) -> None:
    with _connect(admin) as conn:
        exists = conn.execute("select 1 from pg_roles where rolname = %s", [USER]).fetchone()
        verb = "alter" if exists else "create"
        conn.execute(
            sql.SQL("{} role {} with login superuser password {}").format(
                sql.SQL(verb), sql.Identifier(USER), sql.Literal(PASSWORD)
            )
        )


def _databases(admin: str, host: str, port: int) -> Callable[[str], TestDatabase]:
    password = urllib.parse.quote(PASSWORD, safe="")

    def new_database(name: str) -> TestDatabase:
        with _connect(admin) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
            conn.execute(
                sql.SQL("create database {} owner {}").format(sql.Identifier(name), sql.Identifier(USER))
            )
        uri = f"postgres://{USER}:{password}@{host}:{port}/{name}?sslmode=disable"
        return TestDatabase(driver="postgres", uri=uri, load=_loader(uri))

    return new_database


def _loader(uri: str) -> Callable[[str], None]:
    def load(script: str) -> None:
        with _connect(uri) as conn:
            conn.execute(script.encode())

    return load


@contextlib.contextmanager
def _connect(conninfo: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
        yield conn
