"""The operator image carries no database client: importing the operator loads none.

Checked in a clean interpreter, after importing schemahero.operator and every submodule, by
looking at sys.modules: import-linter sees only direct imports of this project, while a
dependency (kopf, aiohttp, kubernetes_asyncio) could pull sqlite3 or a driver in by itself.
"""

from __future__ import annotations

import json
import subprocess
import sys

DATABASE_CLIENTS = (
    "psycopg",
    "psycopg2",
    "pymysql",
    "MySQLdb",
    "cassandra",
    "pyrqlite",
    "sqlite3",
    "_sqlite3",
)

PROBE = """
import importlib, json, pkgutil, sys
import schemahero.operator as operator
names = [operator.__name__] + [
    found.name for found in pkgutil.walk_packages(operator.__path__, operator.__name__ + ".")
    if not found.name.endswith(".__main__")
]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
"""


def test_importing_the_operator_loads_no_database_client() -> None:
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["imported"]) > 10, "the walk found the operator's modules"
    clients = [m for m in report["modules"] if m.split(".")[0] in DATABASE_CLIENTS]
    drivers = [m for m in report["modules"] if m.startswith("schemahero.drivers")]
    assert clients == [], f"the operator imports database clients: {clients}"
    assert drivers == [], f"the operator imports drivers: {drivers}"


def test_the_probe_would_see_a_client_if_one_were_imported() -> None:
    """The check has teeth: the same probe after `import sqlite3` reports it."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", "import sqlite3\n" + PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "sqlite3" in json.loads(done.stdout)["modules"]
