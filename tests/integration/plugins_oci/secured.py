"""Registries that ask for credentials: Debian's docker-registry with htpasswd over TLS, and with
Docker's token auth, whose token service (the realm) runs here and signs ES256 JWTs with a
certificate the registry trusts. The robot's password is the only secret; anonymous callers get
tokens that only pull.
"""

from __future__ import annotations

import base64
import datetime
import importlib
import ipaddress
import json
import shutil
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from tests.servers.base import free_port, log_tail, terminate

USER, PASSWORD = "robot", "s3cret"
SERVICE, ISSUER = "schemahero-test-registry", "schemahero-test-tokens"
START_TIMEOUT = 30.0
LOCALHOST = ipaddress.ip_address("127.0.0.1")
_UNVERIFIED = ssl._create_unverified_context()
ROBOT = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@dataclass
class Secured:
    """A running registry that asks for credentials."""

    host: str
    stop: Callable[[], None]


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path
    private: ec.EllipticCurvePrivateKey
    der: bytes


def certificate(folder: Path) -> Certificate:
    """A self-signed P-256 certificate for 127.0.0.1: the TLS server's, and the token signer's."""
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "schemahero test registry")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    return Certificate(folder / "cert.pem", folder / "key.pem", private, der)


def htpasswd_registry(binary: str, folder: Path) -> Secured | str:
    """Basic auth (bcrypt htpasswd, as the registry requires) over TLS with a self-signed certificate."""
    tls = certificate(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        crypt = importlib.import_module("crypt")  # the only bcrypt at hand: the C library's
        hashed = crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
    (folder / "htpasswd").write_text(f"{USER}:{hashed}\n")
    auth = f"  htpasswd:\n    realm: schemahero-test\n    path: {folder / 'htpasswd'}\n"
    tls_lines = f"  tls:\n    certificate: {tls.cert}\n    key: {tls.key}\n"
    return _start(binary, folder, auth, tls_lines)


def token_registry(binary: str, folder: Path) -> Secured | str:
    """Token auth over plain HTTP; the token service runs in a thread of this process."""
    signer = certificate(folder)
    tokens = ThreadingHTTPServer(("127.0.0.1", 0), _handler(signer))
    threading.Thread(target=tokens.serve_forever, daemon=True).start()
    realm = f"http://127.0.0.1:{tokens.server_address[1]}/token"
    auth = (
        f"  token:\n    realm: {realm}\n    service: {SERVICE}\n    issuer: {ISSUER}\n"
        f"    rootcertbundle: {signer.cert}\n"
    )
    started = _start(binary, folder, auth, "")
    if isinstance(started, str):
        tokens.shutdown()
        return started
    stop_registry = started.stop

    def stop() -> None:
        stop_registry()
        tokens.shutdown()
        tokens.server_close()

    return Secured(started.host, stop)


def _start(binary: str, folder: Path, auth: str, tls: str) -> Secured | str:
    (folder / "storage").mkdir(exist_ok=True)
    port = free_port()
    (folder / "config.yml").write_text(
        "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {folder / 'storage'}\n"
        f"auth:\n{auth}http:\n  addr: 127.0.0.1:{port}\n{tls}"
    )
    log = folder / "registry.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [binary, "serve", str(folder / "config.yml")], stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + START_TIMEOUT
    scheme = "https" if tls else "http"
    while not _asks_for_credentials(f"{scheme}://127.0.0.1:{port}"):
        if proc.poll() is not None or time.monotonic() > deadline:
            terminate(proc)
            return f"docker-registry with auth did not start on port {port}: {log_tail(log)}"
        time.sleep(0.1)
    return Secured(f"127.0.0.1:{port}", lambda: terminate(proc))


def _asks_for_credentials(url: str) -> bool:
    """Whether the registry at `url` serves its API root, and asks for credentials there."""
    try:
        urllib.request.urlopen(f"{url}/v2/", timeout=1, context=_UNVERIFIED).close()
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code == 401
    except OSError:
        return False
    return False


def installed() -> str | None:
    return shutil.which("docker-registry")


def _handler(signer: Certificate) -> type[BaseHTTPRequestHandler]:
    class TokenService(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            given = self.headers.get("Authorization")
            if (
                given is not None
                and given != "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            ):
                self._answer(401, {"errors": [{"code": "UNAUTHORIZED"}]})
                return
            granted = [_granted(scope, anonymous=given is None) for scope in query.get("scope", [])]
            token = _jwt(signer, USER if given else "", [g for g in granted if g["actions"]])
            self._answer(200, {"token": token, "expires_in": 300})

        def _answer(self, status: int, body: dict[str, object]) -> None:
            content = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return TokenService


def _granted(scope: str, *, anonymous: bool) -> dict[str, object]:
    kind, _, rest = scope.partition(":")
    name, _, actions = rest.rpartition(":")
    wanted = actions.split(",")
    return {"type": kind, "name": name, "actions": [a for a in wanted if not anonymous or a == "pull"]}


def _jwt(signer: Certificate, subject: str, access: list[dict[str, object]]) -> str:
    now = int(time.time())
    header = {"typ": "JWT", "alg": "ES256", "x5c": [base64.b64encode(signer.der).decode()]}
    claims = {
        "iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + 300, "nbf": now - 10, "iat": now,
        "jti": uuid.uuid4().hex, "access": access,
    }  # fmt: skip
    signed = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    r, s = decode_dss_signature(signer.private.sign(signed.encode(), ec.ECDSA(hashes.SHA256())))
    return f"{signed}.{_b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
