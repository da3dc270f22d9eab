"""`python -m schemahero.plugins.probe unix:///PATH.sock`: the kubelet's probe of a driver sidecar.

A driver listens on a unix socket in the pod, where the kubelet's own gRPC probe (TCP on the
pod's address) cannot reach it; this command asks the driver's grpc.health.v1 instead, from
inside its container, and exits 0 when the driver service is SERVING, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.errors import DriverError

TIMEOUT = 3.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m schemahero.plugins.probe",
        description="Exit 0 when the driver at ENDPOINT is SERVING (grpc.health.v1), else 1.",
    )
    parser.add_argument("endpoint", metavar="ENDPOINT", help="unix:///ABSOLUTE/PATH.sock or 127.0.0.1:PORT")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS")
    args = parser.parse_args(argv)
    with DriverClient(args.endpoint, timeout=args.timeout) as client:
        try:
            client.wait_ready(args.timeout)
        except DriverError as error:
            print(error.message, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
