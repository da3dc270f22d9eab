"""`plugin verify`: does the installed plugin still match its pinned digest, and is it signed?

Each check is reported, passed or failed, and one failure does not hide the others: the
installed files against the pinned digest (offline), the registry still serving that digest
and the tag still resolving to it, and, with a public key, the signature stored at pull time
and the one in the registry.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.plugins import digests, index, installs, references, remote, signatures
from schemahero.plugins.index import Entry, Source
from schemahero.plugins.installs import Installed
from schemahero.plugins.registries import RegistryClient, Transport

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey


class Outcome(enum.StrEnum):
    OK = "ok"
    FAILED = "FAILED"
    SKIPPED = "skipped"


@dataclass
class Report:
    entry: Entry
    results: list[tuple[Outcome, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(outcome is not Outcome.FAILED for outcome, _ in self.results)

    def attempt(self, check: Callable[[], str]) -> None:
        """Run one check: its message when it passes, the error's when it does not."""
        try:
            self.results.append((Outcome.OK, check()))
        except DriverError as error:
            self.results.append((Outcome.FAILED, error.message))


def verify(name: str, *, key: EllipticCurvePublicKey | None = None, offline: bool = False) -> Report:
    entry = index.find(name)
    report = Report(entry)
    if entry.source is Source.LOCAL:
        report.attempt(lambda: _executable(entry))
        return report
    installed = installs.opened(installs.folder_of(entry.digest), entry.digest)
    report.attempt(lambda: _intact(installed))
    if key is not None:
        report.attempt(lambda: _stored_signature(installed, key))
    if not offline:
        _registry(entry, key, report)
    if key is None:
        message = f"signature: no public key to check it with (--public-key or ${signatures.PUBLIC_KEY_ENV})"
        report.results.append((Outcome.SKIPPED, message))
    return report


def _executable(entry: Entry) -> str:
    path = Path(entry.executable)
    actual = digests.of_file(path) if path.is_file() else "nothing"
    digests.check(f"executable {path}", entry.digest, actual)
    return f"executable {path} is the file loaded ({entry.digest})"


def _intact(installed: Installed) -> str:
    if found := installs.problems(installed):
        raise DriverError(ErrorCode.FAILED_PRECONDITION, "digest mismatch: " + "; ".join(found))
    return (
        f"installed files match {installed.digest}: the manifest, {len(installed.manifest.blobs)} blobs, "
        f"{installs.installed_files(installed)} files from the wheel, the launcher"
    )


def _stored_signature(installed: Installed, key: EllipticCurvePublicKey) -> str:
    found = installs.signatures(installed)
    signatures.verify(found, key, installed.digest, "the signatures stored at pull")
    return f"signature stored at pull: valid for key {signatures.fingerprint(key)}"


def _registry(entry: Entry, key: EllipticCurvePublicKey | None, report: Report) -> None:
    ref = references.parse(entry.location)
    client = Transport(entry.plain_http, entry.insecure).client(ref)
    try:
        client.ping()
    except DriverError as error:
        report.results.append((Outcome.FAILED, f"{error.message} (--offline skips the registry)"))
        return
    report.attempt(lambda: _still_served(client, entry))
    if ref.tag:
        report.attempt(lambda: _tag_unchanged(client, entry))
    if key is not None:
        report.attempt(lambda: _registry_signature(client, entry, key))


def _still_served(client: RegistryClient, entry: Entry) -> str:
    pinned = references.parse(entry.location).pinned(entry.digest)
    if client.manifest(pinned) is None:
        _fail(f"{pinned} is no longer in the registry")
    return f"the registry still serves {entry.digest}"


def _tag_unchanged(client: RegistryClient, entry: Entry) -> str:
    ref = references.parse(entry.location)
    now = remote.resolve(client, ref).digest
    if now != entry.digest:
        _fail(
            f"digest mismatch: tag {ref} now resolves to {now}, not the pinned {entry.digest} "
            f"(`kubectl-schemahero plugin pull {ref}` takes the new one)"
        )
    return f"tag {ref.tag} still resolves to {entry.digest}"


def _registry_signature(client: RegistryClient, entry: Entry, key: EllipticCurvePublicKey) -> str:
    remote.verified_signature(client, references.parse(entry.location), entry.digest, key)
    return f"signature in the registry: valid for key {signatures.fingerprint(key)}"


def _fail(message: str) -> NoReturn:
    raise DriverError(ErrorCode.FAILED_PRECONDITION, message)
