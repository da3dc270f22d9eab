"""Answering a registry's 401 challenge (`WWW-Authenticate`): Basic, or Docker's bearer tokens.

A Bearer challenge names a token service (`realm`), the registry (`service`) and what the request
needs (`scope`, e.g. `repository:acme/driver:pull,push`); the token service answers with a token
for that scope, to credentials or anonymously (a public repository's `pull`). A push needs a
token with a wider scope than a pull, so each new challenge is answered anew.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from schemahero.driver_api.errors import invalid, unavailable
from schemahero.plugins.credentials import Credentials

TIMEOUT = 15.0
MAX_TOKEN_ANSWER = 1024 * 1024


class Refused(Exception):
    """The registry or its token service refused these credentials (or their absence)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def authorization(header: str, credentials: Credentials | None, opener: urllib.request.OpenerDirector) -> str:
    """The `Authorization` that answers the challenge `header`; Refused when none can."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() == "basic":
        if credentials is None:
            raise Refused(401)
        return credentials.basic()
    if scheme.lower() != "bearer":
        raise invalid(f"the registry asks for {scheme or 'an unknown'} authentication, not Basic or Bearer")
    return "Bearer " + _token(params(rest), credentials, opener)


def params(text: str) -> dict[str, str]:
    """`realm="...",service="...",scope="..."` as a mapping (quoted values may hold commas)."""
    found: dict[str, str] = {}
    rest = text.strip()
    while rest:
        key, _, rest = rest.partition("=")
        if rest.startswith('"'):
            value, _, rest = rest[1:].partition('"')
        else:
            value, _, rest = rest.partition(",")
        found[key.strip().lstrip(",").strip().lower()] = value
        rest = rest.lstrip(", ")
    return found


def _token(
    challenge: dict[str, str], credentials: Credentials | None, opener: urllib.request.OpenerDirector
) -> str:
    realm = challenge.pop("realm", "")
    if not realm.startswith(("https://", "http://")):
        raise invalid(f"the registry's token realm {realm!r} is not a URL")
    query = urllib.parse.urlencode({k: v for k, v in challenge.items() if k in ("service", "scope")})
    request = urllib.request.Request(realm + ("&" if "?" in realm else "?") + query)
    if credentials is not None:
        request.add_unredirected_header("Authorization", credentials.basic())
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            token = json.loads(answer.read(MAX_TOKEN_ANSWER))
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in (401, 403):
            raise Refused(error.code) from None
        raise unavailable(f"the token service {realm} answered HTTP {error.code}") from None
    except (OSError, ValueError) as error:
        raise unavailable(f"no token from {realm}: {error}") from None
    found = (token.get("token") or token.get("access_token")) if isinstance(token, dict) else None
    if not isinstance(found, str) or not found:
        raise unavailable(f"{realm} answered without a token")
    return found
