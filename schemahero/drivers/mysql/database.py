"""The database's own defaults: its character set and collation, which no Table spec carries.

A Database's connection may name them (`defaultCharset`, `collation` in
`spec.connection.mysql`; they reach the driver as the Connection's params of the same names).
The session reports them as the database's own attributes (diffing's DatabaseAttrs); when the
live database differs, the diff starts with ModifyDatabase, rendered as ALTER DATABASE, and
tables that name no character set of their own are compared with (and converted to) the
wanted defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from schemahero.diffing import DatabaseAttrs
from schemahero.driver_api.errors import invalid
from schemahero.drivers.mysql import charsets
from schemahero.drivers.mysql.hooks import same_named_charset

CHARSET_PARAM = "defaultCharset"
COLLATION_PARAM = "collation"
_NAME = re.compile(r"[A-Za-z0-9_]+\Z")


@dataclass(frozen=True)
class DatabaseOptions:
    """The live defaults (as reported) and the wanted ones (as written; empty: keep)."""

    name: str
    charset: str
    collation: str
    wanted_charset: str = ""
    wanted_collation: str = ""
    wanted_charset_collation: str = ""
    """The server's default collation of `wanted_charset`, when only the charset is wanted."""

    def attrs(self) -> DatabaseAttrs:
        live = {"charset": self.charset, "collation": self.collation}
        asked = (("charset", self.wanted_charset), ("collation", self.wanted_collation))
        return DatabaseAttrs(self.name, live, {key: value for key, value in asked if value})

    def differs(self) -> bool:
        attrs = self.attrs()
        return not same_named_charset(attrs.live, attrs.wanted)

    def for_tables(self) -> tuple[str, str]:
        """The (charset, collation) a table without its own has once the plan ran."""
        if self.wanted_collation:
            collation = charsets.collation(self.wanted_collation)
            return charsets.charset_of(collation), collation
        if self.wanted_charset and self.differs():
            return charsets.charset(self.wanted_charset), self.wanted_charset_collation
        return self.charset, self.collation


def wanted(params: Mapping[str, str]) -> tuple[str, str]:
    """The (charset, collation) the connection asks for; each may be empty."""
    found = (params.get(CHARSET_PARAM, ""), params.get(COLLATION_PARAM, ""))
    for value in found:
        if value and not _NAME.match(value):
            raise invalid(f"{value!r} is not a MySQL character set or collation name")
    return found
