"""A plugin home of the test's own, and throwaway ECDSA P-256 keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from schemahero.plugins import choosing, index, signatures


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty plugin home, no public key and plugins enabled."""
    folder = tmp_path / "plugin-home"
    monkeypatch.setenv(index.HOME_ENV, str(folder))
    monkeypatch.delenv(signatures.PUBLIC_KEY_ENV, raising=False)
    monkeypatch.delenv(choosing.ENABLE_ENV, raising=False)
    return folder


@pytest.fixture
def private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())
