"""rqlite's HTTP API, as the driver uses it: /db/query and /db/execute?transaction.

Written on the standard library rather than pyrqlite, whose cursor sends one statement per
request (a plan must be one transactional request to be all or nothing), pastes parameters into
the SQL text instead of sending them apart, and retries any failed request up to ten times (a
write retried after a timeout may run twice). Each request has an HTTP connection of its own:
no idle connection goes stale between two requests of a session, and environment proxies are
not used.
"""

from __future__ import annotations

import base64
import http.client
import json
import ssl
from collections.abc import Sequence
from typing import Any

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid, unavailable
from schemahero.drivers.rqlite.uris import Target

Statement = str | list[Any]
"""SQL text, or `[sql, parameter, ...]`: rqlite binds the parameters."""
Result = dict[str, Any]
"""One statement's result: `columns` and `values`, or `error`; `time` in seconds."""


class HttpApi:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.version = ""
        """The node's rqlite version, from the last answer's X-Rqlite-Version header."""
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if target.username is not None:
            token = f"{target.username}:{target.password or ''}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self._tls = _tls_context(target.verify) if target.scheme == "https" else None

    def query(self, statements: Sequence[Statement]) -> list[Result]:
        """Reads, at the connection's consistency level."""
        return self._post(f"/db/query?level={self.target.level}", statements, write=False)

    def execute(self, statements: Sequence[Statement], *, transaction: bool = True) -> list[Result]:
        """Writes, in one transaction unless told otherwise: a failing statement undoes them all,
        and the results stop at it."""
        path = "/db/execute?timings" + ("&transaction" if transaction else "")
        return self._post(path, statements, write=True)

    def _post(self, path: str, statements: Sequence[Statement], *, write: bool) -> list[Result]:
        where = self.target.address
        body = json.dumps(list(statements)).encode()
        connection = self._connection()
        try:
            connection.request("POST", self.target.prefix + path, body, self._headers)
            response = connection.getresponse()
            payload = response.read()
        except ssl.SSLCertVerificationError as error:
            raise invalid(
                f"{where}: the node's certificate is not trusted ({error.verify_message});"
                " disableTLS=true skips the check"
            ) from error
        except ssl.SSLError as error:
            raise invalid(f"{where}: TLS failed ({error.reason}); does the node serve https?") from error
        except (OSError, http.client.HTTPException) as error:
            unknown = "; whether the statements ran is unknown: plan again to see" if write else ""
            raise unavailable(
                f"cannot reach rqlite at {where}: {error or type(error).__name__}{unknown}"
            ) from error
        finally:
            connection.close()
        self.version = response.getheader("X-Rqlite-Version") or self.version
        if response.status != http.HTTPStatus.OK:
            raise _refused(where, response.status, payload)
        try:
            results = json.loads(payload)["results"]
            if not isinstance(results, list):
                raise TypeError(type(results).__name__)
        except (ValueError, KeyError, TypeError) as error:
            raise DriverError(
                ErrorCode.INTERNAL, f"{where} gave an answer that is not rqlite's: {payload[:200]!r}"
            ) from error
        return results

    def _connection(self) -> http.client.HTTPConnection:
        target = self.target
        if self._tls is not None:
            return http.client.HTTPSConnection(
                target.host, target.port, timeout=target.timeout, context=self._tls
            )
        return http.client.HTTPConnection(target.host, target.port, timeout=target.timeout)


def _tls_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _refused(where: str, status: int, payload: bytes) -> DriverError:
    text = payload.decode("utf-8", "replace").strip()[:300]
    if status == http.HTTPStatus.UNAUTHORIZED:
        return invalid(f"rqlite at {where} refused the credentials (HTTP 401): check the user and password")
    if status == http.HTTPStatus.FORBIDDEN:
        return invalid(f"the rqlite user may not do this at {where} (HTTP 403): {text}")
    if status >= http.HTTPStatus.INTERNAL_SERVER_ERROR:
        return unavailable(f"rqlite at {where} cannot answer now (HTTP {status}): {text}")
    return invalid(f"rqlite at {where} answered HTTP {status}: {text}")
