"""The custom resources the operator serves: kind, API group, plural, as the CRDs name them."""

from __future__ import annotations

from dataclasses import dataclass

from schemahero.schema.documents import API_GROUP, KIND_GROUPS

VERSION = "v1alpha4"


@dataclass(frozen=True)
class Resource:
    kind: str
    group: str
    plural: str

    @property
    def version(self) -> str:
        return VERSION

    @property
    def api_version(self) -> str:
        return f"{self.group}/{VERSION}"

    @property
    def singular(self) -> str:
        return self.kind.lower()


def _resource(kind: str, plural: str) -> Resource:
    return Resource(kind, KIND_GROUPS.get(kind, API_GROUP), plural)


DATABASES = _resource("Database", "databases")
TABLES = _resource("Table", "tables")
VIEWS = _resource("View", "views")
FUNCTIONS = _resource("Function", "functions")
EXTENSIONS = _resource("DatabaseExtension", "databaseextensions")
DATATYPES = _resource("DataType", "datatypes")
MIGRATIONS = _resource("Migration", "migrations")

SOURCES = (TABLES, VIEWS, FUNCTIONS, EXTENSIONS, DATATYPES)
"""The kinds that describe database objects: each is planned into Migrations."""

ALL = (DATABASES, *SOURCES, MIGRATIONS)
BY_KIND = {resource.kind: resource for resource in ALL}
