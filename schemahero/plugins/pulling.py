"""`plugin pull`: from an OCI reference to an installed, checked and recorded driver plugin.

The tag is resolved to a manifest digest once, and everything after reads by that digest. With
a public key configured the signature is checked before anything else is downloaded; each blob
is checked against its descriptor before it is used; the config must list our contract version
before anything is installed; and the installed driver must answer GetPluginInfo for the
config's engine and our contract version before the index records it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import API_VERSION, PluginInfo
from schemahero.plugins import index, installs, recording, references, remote, signatures
from schemahero.plugins.artifacts import DriverConfig, DriverManifest
from schemahero.plugins.index import Entry, Source
from schemahero.plugins.installs import Installed
from schemahero.plugins.references import Reference
from schemahero.plugins.registries import HTTPS, Fetched, RegistryClient, Transport
from schemahero.plugins.subprocess_driver import launched

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

log = logging.getLogger(__name__)


def pull(
    text: str,
    *,
    name: str | None = None,
    key: EllipticCurvePublicKey | None = None,
    transport: Transport = HTTPS,
) -> tuple[Entry, Entry | None]:
    """The recorded plugin, and the entry it replaced under the same name, if any."""
    ref = references.for_pull(text)
    if name is not None:
        index.valid_name(name)
    client = transport.client(ref)
    client.ping()
    fetched = remote.resolve(client, ref)
    manifest = DriverManifest.decode(fetched.content, f"{ref} ({fetched.digest})")
    signature = remote.verified_signature(client, ref, fetched.digest, key) if key else None
    installed = _installed(client, ref, fetched, manifest)
    if signature is not None:
        installs.remember(installed, signature)
    try:
        info = check_driver(installed)
    except DriverError:
        recording.discard_unused(installed.digest)
        raise
    entry = Entry(
        name=name or installed.config.engine,
        engine=installed.config.engine,
        version=info.vendor_version,
        source=Source.OCI,
        location=str(Reference(ref.registry, ref.repository, ref.tag)),
        digest=installed.digest,
        executable=str(installed.executable),
        driver=info.name,
        api_versions=info.api_versions,
        plain_http=transport.plain_http,
        insecure=transport.insecure,
        signed_by=signatures.fingerprint(key) if key else "",
    )
    return entry, recording.record(entry)


def check_driver(installed: Installed) -> PluginInfo:
    """Start the installed driver once: it must serve the config's engine and speak our contract."""
    with launched(str(installed.executable)) as client:
        info = client.negotiate()
    if installed.config.engine not in info.engines:
        served = ", ".join(info.engines) or "none"
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"the pulled driver {info.name} {info.vendor_version} serves {served}, "
            f"not {installed.config.engine} as its artifact says",
        )
    return info


def _installed(
    client: RegistryClient, ref: Reference, fetched: Fetched, manifest: DriverManifest
) -> Installed:
    """The installed plugin of `fetched.digest`: reused when intact, else downloaded and installed."""
    folder = installs.folder_of(fetched.digest)
    with index.locked(f".{folder.name}.lock"):
        if installs.complete(folder):
            existing = installs.opened(folder, fetched.digest)
            if not installs.problems(existing):
                log.info("%s is installed already in %s", fetched.digest, folder)
                return existing
        shutil.rmtree(folder, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(dir=index.home(), prefix=f".{folder.name}."))
        try:
            config = _download(client, ref.pinned(fetched.digest), fetched, manifest, staging)
            os.rename(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        installed = Installed(folder, fetched.digest, manifest, config)
        try:
            installs.install(installed)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return installed


def _download(
    client: RegistryClient, pinned: Reference, fetched: Fetched, manifest: DriverManifest, staging: Path
) -> DriverConfig:
    """Into `staging`: the manifest, then the config, and the wheel only if the config fits us."""
    (staging / "manifest.json").write_bytes(fetched.content)
    config_path = installs.blob_path(staging, manifest.config.digest)
    config_path.parent.mkdir()
    client.download(pinned, manifest.config, config_path)
    config = DriverConfig.decode(config_path.read_bytes(), f"{pinned}: config")
    if API_VERSION not in config.api_versions:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{pinned}: driver {config.engine} {config.version} speaks contract versions "
            f"{', '.join(config.api_versions)}; this CLI needs {API_VERSION}: pull a release made for it",
        )
    log.info("downloading %s (%d bytes)", manifest.wheel_filename, manifest.wheel.size)
    client.download(pinned, manifest.wheel, installs.blob_path(staging, manifest.wheel.digest))
    return config
