"""rqlited starts with authentication on, loads a script and empties itself between databases."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from typing import Any

import pytest

from tests.servers.base import TestServer

SCRIPT = """
create table projects (id integer primary key not null, name text not null default 'a;b');
create table issues (id integer primary key, project_id integer references projects(id));
create index issues_project on issues (project_id);
create trigger issues_touch after insert on issues begin select 1; end;
insert into projects (id, name) values (1, 'one; two');
"""


def _query(uri: str, sql: str, *, auth: bool = True) -> list[list[Any]]:
    parts = urllib.parse.urlsplit(uri)
    headers = {"Content-Type": "application/json"}
    if auth:
        token = b64encode(f"{parts.username}:{parts.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    url = f"http://{parts.hostname}:{parts.port}/db/query"
    request = urllib.request.Request(url, json.dumps([sql]).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        result = json.load(response)["results"][0]
    assert "error" not in result, result
    return list(result.get("values", []))


def test_rqlite_loads_a_script_and_wipes_between_databases(rqlite_server: TestServer) -> None:
    db = rqlite_server.new_database("first")
    db.load(SCRIPT)
    assert _query(db.uri, "select name from projects") == [["one; two"]]
    names = "select type, name from sqlite_master order by type, name"
    assert _query(db.uri, names) == [
        ["index", "issues_project"],
        ["table", "issues"],
        ["table", "projects"],
        ["trigger", "issues_touch"],
    ]

    again = rqlite_server.new_database("second")
    assert _query(again.uri, names) == []


def test_rqlite_requires_credentials(rqlite_server: TestServer) -> None:
    db = rqlite_server.new_database("auth")
    with pytest.raises(urllib.error.HTTPError) as refused:
        _query(db.uri, "select 1", auth=False)
    refused.value.close()
    assert refused.value.code == 401
