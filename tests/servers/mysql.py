"""MariaDB for the tests: a private mariadbd from the machine's packages (Debian's mariadb-server).

The server gets its own data directory and a free port on 127.0.0.1; the system service is not
used. Tests connect as upstream's user (`schemahero`, password `password`) with upstream's Go
DSN. The server's defaults are utf8mb4, as on the MySQL 8.0 the corpus was recorded on.

SCHEMAHERO_TEST_MYSQL_URI may name a running server instead (a `mysql://` URL or a Go DSN of a
user that may create and drop databases; its database part is ignored).
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymysql  # type: ignore[import-untyped]
from pymysql.constants import CLIENT  # type: ignore[import-untyped]

from schemahero.drivers.mysql.uris import Target, parse
from tests.servers.base import TestDatabase, TestServer, free_port

ENV = "SCHEMAHERO_TEST_MYSQL_URI"
USER = "schemahero"
PASSWORD = "password"
START_TIMEOUT = 60.0
MISSING = "MariaDB is not installed (no mariadbd or mariadb-install-db): apt-get install mariadb-server"
_SERVER_OPTIONS = (
    "--no-defaults",
    "--bind-address=127.0.0.1",
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--innodb-buffer-pool-size=64M",
    "--innodb-log-file-size=16M",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--skip-log-bin",
)


def provide(tmp_root: Path) -> TestServer | str:
    """A running MariaDB (or the server ENV names), or why there is none."""
    if os.environ.get(ENV):
        return _existing(parse(os.environ[ENV]))
    server, install = _binary("mariadbd", "mysqld"), _binary("mariadb-install-db", "mysql_install_db")
    if server is None or install is None:
        return MISSING
    # A socket path must stay under ~100 bytes: pytest's temporary paths can be longer.
    root = Path(tempfile.mkdtemp(prefix="sh-mariadb-"))
    user = ["--user=root"] if os.geteuid() == 0 else []
    data, log = root / "data", root / "mariadbd.log"
    installed = subprocess.run(
        [install, "--no-defaults", f"--datadir={data}", *user, "--auth-root-authentication-method=normal"],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        return f"MariaDB: mariadb-install-db failed: {installed.stdout[-1500:]}{installed.stderr[-1500:]}"
    port, sock = free_port(), root / "mysqld.sock"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                server,
                *_SERVER_OPTIONS,
                f"--datadir={data}",
                *user,
                f"--port={port}",
                f"--socket={sock}",
                f"--pid-file={root / 'mariadbd.pid'}",
                f"--log-error={log}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def stop() -> None:
        _terminate(proc)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    admin = _wait_for_root(sock, proc)
    if admin is None:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        stop()
        return f"MariaDB did not start on port {port}: {tail}"
    with admin, admin.cursor() as cursor:
        cursor.execute(f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}'")
        cursor.execute(f"GRANT ALL PRIVILEGES ON *.* TO '{USER}'@'%'")
    target = Target(database="", user=USER, password=PASSWORD, host="127.0.0.1", port=port)
    return _server(target, f"{USER}:{PASSWORD}@tcp(127.0.0.1:{port})/{{name}}?tls=false", stop)


def _existing(target: Target) -> TestServer:
    dsn = f"{target.user}:{target.password}@tcp({target.host}:{target.port})/{{name}}?tls={target.tls}"
    return _server(dataclasses.replace(target, database=""), dsn, lambda: None)


def _server(admin: Target, dsn: str, stop: Callable[[], None]) -> TestServer:
    created: list[str] = []

    def run(*statements: str) -> None:
        with _connect(admin) as connection, connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def new_database(name: str) -> TestDatabase:
        run(f"DROP DATABASE IF EXISTS `{name}`", f"CREATE DATABASE `{name}`")
        created.append(name)
        target = dataclasses.replace(admin, database=name)
        return TestDatabase(
            driver="mysql", uri=dsn.format(name=name), load=lambda script: _load(target, script)
        )

    def stop_all() -> None:
        """Drops the test databases (a server named by ENV outlives the tests), then stops."""
        try:
            run(*(f"DROP DATABASE IF EXISTS `{name}`" for name in created))
        except pymysql.MySQLError:
            pass
        finally:
            stop()

    return TestServer(engine="mysql", new_database=new_database, stop=stop_all)


def _load(target: Target, script: str) -> None:
    """Runs a fixtures script, every statement of it, as the mysql client would."""
    if not script.strip():
        return
    with _connect(target, client_flag=CLIENT.MULTI_STATEMENTS) as connection, connection.cursor() as cursor:
        cursor.execute(script)
        while cursor.nextset():
            pass


def _connect(target: Target, **extra: Any) -> Any:
    return pymysql.connect(**target.connect_args(), autocommit=True, charset="utf8mb4", **extra)


def _wait_for_root(path: Path, proc: subprocess.Popen[bytes]) -> Any:
    """root's connection once the server listens (PyMySQL leaks a socket it could not connect)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
            except OSError:
                time.sleep(0.2)
                continue
        return pymysql.connect(unix_socket=str(path), user="root", autocommit=True)
    return None


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/usr/local/bin")
        if found:
            return found
    return None


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
