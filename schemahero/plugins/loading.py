"""`plugin load`: record a driver executable of this machine under a name, once it has answered."""

from __future__ import annotations

from pathlib import Path

from schemahero.driver_api.errors import DriverError, ErrorCode, invalid
from schemahero.plugins import digests, index, recording
from schemahero.plugins.index import Entry, Source
from schemahero.plugins.subprocess_driver import launched


def load(path: str, *, name: str | None = None, engine: str | None = None) -> tuple[Entry, Entry | None]:
    """The recorded plugin, and the entry it replaced under the same name, if any."""
    executable = Path(path).expanduser().resolve()
    with launched(str(executable)) as client:
        info = client.negotiate()
    if engine is None:
        if len(info.engines) != 1:
            raise invalid(f"{path} serves {', '.join(info.engines) or 'no engine'}: choose one with --engine")
        engine = info.engines[0]
    elif engine not in info.engines:
        raise DriverError(
            ErrorCode.FAILED_PRECONDITION,
            f"{path} ({info.name} {info.vendor_version}) serves {', '.join(info.engines)}, not {engine}",
        )
    entry = Entry(
        name=index.valid_name(name or engine),
        engine=engine,
        version=info.vendor_version,
        source=Source.LOCAL,
        location=str(executable),
        digest=digests.of_file(executable),
        executable=str(executable),
        driver=info.name,
        api_versions=info.api_versions,
    )
    return entry, recording.record(entry)
