"""Which handlers the operator registers: every kind is served, none needs a finalizer."""

from __future__ import annotations

from typing import Any, cast

import kopf

from schemahero.operator import handlers
from schemahero.operator.context import Context, Settings
from schemahero.operator.metrics import Metrics
from schemahero.operator.resources import DATABASES, MIGRATIONS, SOURCES
from schemahero.plugins.pool import DriverPool


def registered(settings: Settings) -> dict[str, set[str]]:
    registry = kopf.OperatorRegistry()
    ctx = Context(settings, cast(Any, None), DriverPool(), Metrics())
    handlers.register(registry, ctx)
    found: dict[str, set[str]] = {}
    for part in (registry._changing, registry._watching, registry._spawning):
        for handler in part.get_all_handlers():
            selector = handler.selector
            assert selector is not None
            found.setdefault(str(selector.any_name), set()).add(str(handler.id))
    assert registry._activities.get_all_handlers(), "a login handler"
    assert not any(h.requires_finalizer for h in registry._changing.get_all_handlers())
    return found


def test_every_kind_has_its_handlers() -> None:
    found = registered(Settings())
    assert found[DATABASES.plural] == {"check", "recheck", "drift", "retry"}
    for resource in SOURCES:
        assert found[resource.plural] == {"plan"}, "no timer per source object: drift is per Database"
    assert found[MIGRATIONS.plural] == {"changed"}, "no timer per Migration: retries are per Database"


def test_resync_can_be_turned_off() -> None:
    found = registered(Settings(resync_interval=0))
    assert found[DATABASES.plural] == {"check", "drift", "retry"}
