"""How rqlite's HTTP refusals map to the contract's error codes (retry or not)."""

from __future__ import annotations

import pytest

from schemahero.driver_api.errors import ErrorCode
from schemahero.drivers.rqlite.http_api import _refused

WHERE = "http://db.example:4001"


@pytest.mark.parametrize(
    ("status", "code", "said"),
    [
        (401, ErrorCode.INVALID_ARGUMENT, "refused the credentials (HTTP 401)"),
        (403, ErrorCode.INVALID_ARGUMENT, "may not do this at http://db.example:4001 (HTTP 403): no perm"),
        (503, ErrorCode.UNAVAILABLE, "cannot answer now (HTTP 503): no perm"),
        (404, ErrorCode.INVALID_ARGUMENT, "answered HTTP 404: no perm"),
    ],
)
def test_refusals(status: int, code: ErrorCode, said: str) -> None:
    error = _refused(WHERE, status, b"no perm\n")
    assert error.code is code
    assert said in error.message
