"""OCI references: a registry is always explicit, except in the `pull ENGINE` shorthand."""

from __future__ import annotations

import pytest

from schemahero import __version__
from schemahero.driver_api.errors import DriverError
from schemahero.plugins import references
from schemahero.plugins.references import Reference

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ghcr.io/schemahero/schemahero-driver-postgres:0.1.0",
            Reference("ghcr.io", "schemahero/schemahero-driver-postgres", "0.1.0"),
        ),
        ("127.0.0.1:5000/driver", Reference("127.0.0.1:5000", "driver")),
        ("localhost/a/b@" + DIGEST, Reference("localhost", "a/b", None, DIGEST)),
        ("registry.example:443/x:v1@" + DIGEST, Reference("registry.example:443", "x", "v1", DIGEST)),
    ],
)
def test_parse_and_print_back(text: str, expected: Reference) -> None:
    assert references.parse(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize(
    "text",
    [
        "postgres",
        "schemahero/driver:1",
        "ghcr.io/UPPER/case",
        "ghcr.io/x:tag@sha256:short",
        "ghcr.io/x y",
        "",
    ],
)
def test_what_is_not_a_full_reference_is_refused(text: str) -> None:
    with pytest.raises(DriverError, match="is not an OCI reference: expected REGISTRY/REPOSITORY"):
        references.parse(text)


def test_an_engine_name_means_the_default_registry_and_this_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(references.REGISTRY_ENV, raising=False)
    assert str(references.for_pull("postgres")) == (
        f"{references.DEFAULT_REGISTRY}/schemahero-driver-postgres:{__version__}"
    )
    monkeypatch.setenv(references.REGISTRY_ENV, "127.0.0.1:5000/mirror/")
    assert references.for_pull("sqlite") == Reference(
        "127.0.0.1:5000", "mirror/schemahero-driver-sqlite", __version__
    )
    assert references.for_pull("127.0.0.1:5000/other:2").repository == "other"


def test_pinning_keeps_the_tag_as_a_label() -> None:
    ref = references.parse("ghcr.io/x:1").pinned(DIGEST)
    assert (ref.version, str(ref)) == (DIGEST, f"ghcr.io/x:1@{DIGEST}")
    assert ref.tagged("sha256-ab.sig") == Reference("ghcr.io", "x", "sha256-ab.sig")
