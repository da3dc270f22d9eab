"""Driver executables that tests write to disk, as a plugin's `localPath` or an image's entry."""

from __future__ import annotations

INCOMPATIBLE_DRIVER = """\
import dataclasses
from schemahero.driver_api.serve import main
from schemahero.drivers.sqlite import create_driver


class Incompatible:
    \"\"\"The SQLite driver, claiming a contract version this operator does not speak.\"\"\"

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def plugin_info(self):
        return dataclasses.replace(self._inner.plugin_info(), api_versions=("v9",))


main(lambda: Incompatible(create_driver()))
"""
