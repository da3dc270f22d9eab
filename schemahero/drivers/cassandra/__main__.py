"""`python -m schemahero.drivers.cassandra --listen unix:///path.sock` serves the driver over gRPC."""

from schemahero.driver_api.serve import main
from schemahero.drivers.cassandra import create_driver

if __name__ == "__main__":
    main(create_driver)
