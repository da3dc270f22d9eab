"""What every Driver a caller holds shares, over gRPC or in this process: negotiation, `with`."""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Self

from schemahero.driver_api.driver import Driver
from schemahero.driver_api.negotiation import negotiate
from schemahero.driver_api.types import Capability, PluginInfo


class DriverHandle:
    """Mixin of DriverClient and InProcessDriver: the class implements the Driver calls,
    `close` included, which leaving a `with` block calls."""

    def negotiate(self: Driver, required: Iterable[Capability] = ()) -> PluginInfo:
        """See negotiation.negotiate."""
        return negotiate(self, required)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self: Driver,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
