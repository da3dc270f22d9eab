"""Content digests (`sha256:<hex>`), the only identity a pulled plugin is trusted by."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_CHUNK = 1 << 20


def of_bytes(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def of_file(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            sha.update(chunk)
    return "sha256:" + sha.hexdigest()


def valid(digest: object, where: str) -> str:
    """`digest` when it is a sha256 digest; anything else is refused, never guessed at."""
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise invalid(f"{where}: {digest!r} is not a sha256 digest (sha256:<64 hex digits>)")
    return digest


def check(what: str, expected: str, actual: str) -> None:
    """Refuse content whose digest is not the one it was asked for."""
    if actual != expected:
        raise mismatch(what, expected, actual)


def mismatch(what: str, expected: str, actual: str) -> DriverError:
    return DriverError(
        ErrorCode.FAILED_PRECONDITION,
        f"{what}: digest mismatch: expected {expected}, got {actual}; refusing it "
        "(the content was changed after it was published, or in transit)",
    )


def folder_name(digest: str) -> str:
    """`sha256-<hex>`: a digest as a file or tag name (cosign's signature tags use the same)."""
    return digest.replace(":", "-", 1)
