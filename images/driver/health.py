"""Health check of a driver image: does the driver answer grpc.health.v1 with SERVING?

`python health.py [ENDPOINT]`, ENDPOINT defaulting to the engine's socket
(unix:///var/run/schemahero/drivers/$SCHEMAHERO_ENGINE.sock). Exit 0 when serving, else 1 with
the reason on stderr: Docker's HEALTHCHECK and a Kubernetes exec probe read the exit code.
"""

from __future__ import annotations

import os
import sys

from schemahero.driver_api.client import DriverClient
from schemahero.driver_api.errors import DriverError

TIMEOUT = 3.0


def main(argv: list[str]) -> int:
    engine = os.environ.get("SCHEMAHERO_ENGINE", "")
    if len(argv) > 1:
        target = argv[1]
    elif engine:
        target = f"unix:///var/run/schemahero/drivers/{engine}.sock"
    else:
        print("usage: health.py ENDPOINT (or set SCHEMAHERO_ENGINE)", file=sys.stderr)
        return 2
    client = DriverClient(target, timeout=TIMEOUT, retries=0)
    try:
        client.wait_ready(TIMEOUT)
    except DriverError as error:
        print(error.message, file=sys.stderr)
        return 1
    finally:
        client.close()
    print(f"{target}: SERVING")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
