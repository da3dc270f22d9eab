"""Cassandra 5.0 for the tests: one node run from the jars the project's script resolved.

The node has password authentication on: the tests log in as `schemahero` (a superuser made at
start). Each database is a keyspace (SimpleStrategy, replication factor 1).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.servers.base import CACHE, TestDatabase, TestServer, free_port, log_tail, terminate

try:
    from cassandra.auth import PlainTextAuthProvider
    from cassandra.cluster import Cluster, NoHostAvailable
except ImportError:  # the [cassandra] extra is not installed: provide() says so
    Cluster = None

BUILD_SCRIPT = "tests/servers/build/cassandra.sh"
USER = "schemahero"
PASSWORD = "notasecret"
HEAP = ("-Xms1G", "-Xmx2G")
START_TIMEOUT = 180.0
KEYSPACE_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")

# Start-up shortcuts for a single throw-away node: no wait for gossip or for the default
# superuser, no fsync of the system keyspaces.
FAST_START = (
    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
    "-Dcassandra.superuser_setup_delay_ms=0",
    "-Dcassandra.unsafesystem=true",
)


def provide(tmp_root: Path) -> TestServer | str:
    home = _built_home()
    if home is None:
        return f"Cassandra is not built: run {BUILD_SCRIPT}"
    if Cluster is None:
        return "Cassandra's Python client is missing: pip install -e '.[cassandra]'"
    root = tmp_root / "cassandra"
    root.mkdir(parents=True, exist_ok=True)
    native_port, storage_port = free_port(), free_port()
    config = root / "cassandra.yaml"
    config.write_text(_config(root, native_port, storage_port))
    logback = root / "logback.xml"
    logback.write_text(_LOGBACK.format(log=root / "system.log"))
    log = root / "stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(_command(home, root, config, logback), stdout=out, stderr=subprocess.STDOUT)

    deadline = time.monotonic() + START_TIMEOUT
    cluster: Any = None
    while cluster is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            terminate(proc)
            return f"Cassandra did not start on port {native_port}: {log_tail(root / 'system.log')}"
        if _listening(native_port):
            cluster = _connect_as_default_superuser(native_port)
        if cluster is None:
            time.sleep(0.5)
    admin = cluster.connect()
    admin.execute(
        f"CREATE ROLE IF NOT EXISTS {USER} WITH PASSWORD = %s AND SUPERUSER = true AND LOGIN = true",
        (PASSWORD,),
    )

    def new_database(name: str) -> TestDatabase:
        if not KEYSPACE_NAME.fullmatch(name):
            raise ValueError(f"not a plain Cassandra keyspace name: {name!r}")
        admin.execute(f"DROP KEYSPACE IF EXISTS {name}")
        admin.execute(
            f"CREATE KEYSPACE {name} WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        )

        def load(script: str) -> None:
            session = cluster.connect(name)
            try:
                for statement in split_statements(script):
                    session.execute(statement)
            finally:
                session.shutdown()

        return TestDatabase(
            driver="cassandra",
            uri="",
            load=load,
            params={
                "hosts": f"127.0.0.1:{native_port}",
                "keyspace": name,
                "username": USER,
                "password": PASSWORD,
            },
        )

    def stop() -> None:
        cluster.shutdown()
        terminate(proc)

    return TestServer(engine="cassandra", new_database=new_database, stop=stop)


def split_statements(script: str) -> list[str]:
    """CQL statements of a script, split at `;` outside strings, $$ bodies and comments."""
    statements: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(script):
        end = _skip_quoted(script, i)
        if end > i:
            current.append(script[i:end])
            i = end
        elif script[i] == ";":
            statements.append("".join(current).strip())
            current = []
            i += 1
        else:
            current.append(script[i])
            i += 1
    statements.append("".join(current).strip())
    return [s for s in statements if s and not _only_comments(s)]


_CLOSERS = {"'": "'", '"': '"', "$$": "$$", "--": "\n", "//": "\n", "/*": "*/"}


def _skip_quoted(script: str, i: int) -> int:
    """End of the string, body or comment starting at i (i itself when none starts there)."""
    for opener, closer in _CLOSERS.items():
        if script.startswith(opener, i):
            end = script.find(closer, i + len(opener))
            return len(script) if end < 0 else end + len(closer)
    return i


def _only_comments(statement: str) -> bool:
    without = re.sub(r"(--|//)[^\n]*|/\*.*?\*/", "", statement, flags=re.S)
    return not without.strip()


def _built_home() -> Path | None:
    """The cache dir of the version pinned in the build's pom, if its build finished."""
    pom = (Path(__file__).parent / "build/cassandra/pom.xml").read_text()
    pinned = re.search(r"<cassandra\.version>(.+?)</cassandra\.version>", pom)
    if pinned is None:
        return None
    home = CACHE / f"cassandra-{pinned[1]}"
    stamp = home / ".stamp"
    if not stamp.is_file() or stamp.read_text().split()[0] != pinned[1]:
        return None
    return home


def _command(home: Path, root: Path, config: Path, logback: Path) -> list[str]:
    options = [
        line.strip() for line in (home / "jvm.options").read_text().splitlines() if line.startswith("-")
    ]
    jamm = sorted((home / "lib").glob("jamm-*.jar"))
    agent = [f"-javaagent:{jamm[0]}"] if jamm else []
    return [
        "java",
        *options,
        *HEAP,
        *agent,
        *FAST_START,
        f"-Dcassandra.config=file://{config}",
        f"-Dcassandra.storagedir={root}",
        f"-Dcassandra.logdir={root}",
        f"-Dlogback.configurationFile=file://{logback}",
        "-Dcassandra-foreground=yes",
        "-cp",
        f"{home / 'lib'}/*",
        "org.apache.cassandra.service.CassandraDaemon",
    ]


def _config(root: Path, native_port: int, storage_port: int) -> str:
    return f"""\
cluster_name: schemahero-test
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
data_file_directories: [{root / "data"}]
commitlog_directory: {root / "commitlog"}
saved_caches_directory: {root / "saved_caches"}
hints_directory: {root / "hints"}
cdc_raw_directory: {root / "cdc_raw"}
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:{storage_port}"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: {storage_port}
native_transport_port: {native_port}
start_native_transport: true
endpoint_snitch: SimpleSnitch
auto_snapshot: false
concurrent_compactors: 1
"""


_LOGBACK = """\
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>{log}</file>
    <encoder><pattern>%-5level [%thread] %date %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
"""


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _connect_as_default_superuser(port: int) -> Any:
    """A Cluster logged in as cassandra/cassandra once the node accepts CQL logins, else None."""
    credentials = PlainTextAuthProvider(username="cassandra", password="cassandra")
    cluster = Cluster(["127.0.0.1"], port=port, auth_provider=credentials)
    try:
        cluster.connect().execute("SELECT release_version FROM system.local")
    except NoHostAvailable:
        cluster.shutdown()
        return None
    return cluster
