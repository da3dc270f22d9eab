"""The connection flags every database command shares, and the Connection they make."""

from __future__ import annotations

import argparse

from schemahero.driver_api.types import Connection


def add_connection_flags(parser: argparse.ArgumentParser, *, required_driver: bool = True) -> None:
    parser.add_argument(
        "--driver",
        required=required_driver,
        metavar="ENGINE",
        help="database engine: sqlite, postgres, timescaledb, mysql, rqlite, cassandra",
    )
    parser.add_argument("--uri", default="", help="connection URI (a file path for sqlite)")
    parser.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a Cassandra host; repeat for several",
    )
    parser.add_argument("--keyspace", default="", help="Cassandra keyspace")
    parser.add_argument("--username", default="", help="Cassandra user name")
    parser.add_argument("--password", default="", help="Cassandra password")
    parser.add_argument(
        "--plugin",
        default=None,
        metavar="PATH|NAME",
        help="run this driver executable, or this plugin of `plugin list`, on a private socket instead "
        "of the driver installed with schemahero; ignored when SCHEMAHERO_ENABLE_PLUGINS=false",
    )


def connection_from(args: argparse.Namespace) -> Connection:
    params = {
        key: value
        for key, value in (
            ("hosts", ",".join(args.host)),
            ("keyspace", args.keyspace),
            ("username", args.username),
            ("password", args.password),
        )
        if value
    }
    return Connection(uri=args.uri, params=params)
