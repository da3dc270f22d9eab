"""Connection URIs: upstream's Go DSNs unchanged, and mysql:// URLs."""

from __future__ import annotations

import ssl

import pytest

from schemahero.driver_api import DriverError, ErrorCode
from schemahero.drivers.mysql.uris import Target, parse


def test_the_go_dsn_of_upstream_manifests() -> None:
    target = parse("schemahero:password@tcp(mysql.default.svc:3306)/schemahero?tls=false")

    assert target == Target("schemahero", "schemahero", "password", "mysql.default.svc", 3306, tls="false")
    assert target.connect_args() == {
        "user": "schemahero",
        "password": "password",
        "database": "schemahero",
        "connect_timeout": 10.0,
        "host": "mysql.default.svc",
        "port": 3306,
        "ssl_disabled": True,
    }


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        ("u:p@ss:w/rd@tcp([::1]:3307)/db", Target("db", "u", "p@ss:w/rd", "::1", 3307)),
        ("u@tcp(host)/db", Target("db", "u", "", "host", 3306)),
        ("u:pw@/db?timeout=1m&charset=utf8mb4", Target("db", "u", "pw", "127.0.0.1", 3306, timeout=60.0)),
        (
            "root@unix(/run/mysqld/mysqld.sock)/db",
            Target("db", "root", host="", socket="/run/mysqld/mysqld.sock"),
        ),
    ],
)
def test_go_dsn_forms(dsn: str, expected: Target) -> None:
    assert parse(dsn) == expected


def test_urls_decode_their_credentials() -> None:
    target = parse("mysql://sche%40hero:p%2Fss@db.example:3307/app?tls=skip-verify")

    assert (target.user, target.password, target.host, target.port, target.database) == (
        "sche@hero",
        "p/ss",
        "db.example",
        3307,
        "app",
    )
    context = target.connect_args()["ssl"]
    assert isinstance(context, ssl.SSLContext) and context.verify_mode is ssl.CERT_NONE


def test_tls_is_preferred_in_a_url_and_off_in_a_dsn() -> None:
    assert parse("mariadb://h/db").tls == "preferred"
    assert "ssl_disabled" not in parse("mariadb://h/db").connect_args()
    assert parse("u@tcp(h)/db").tls == "false"
    assert parse("u@tcp(h)/db?tls=true").connect_args()["ssl"].verify_mode is ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    "uri",
    ["", "postgres://h/db", "u:p@tcp(h:3306)/", "u:p@tcp(h:3306)", "u@tcp(h)/db?tls=custom", "u@udp(h)/db"],
)
def test_bad_uris_are_invalid_arguments(uri: str) -> None:
    with pytest.raises(DriverError) as refused:
        parse(uri)
    assert refused.value.code is ErrorCode.INVALID_ARGUMENT


def test_the_password_never_shows() -> None:
    target = parse("u:secret@tcp(h)/db")
    assert "secret" not in repr(target)
    with pytest.raises(DriverError) as refused:
        parse("u:secret@tcp(h)/db?tls=nope")
    assert "secret" not in str(refused.value)
