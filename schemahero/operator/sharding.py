"""Several operators on one cluster: shards by label selector, standby replicas by kopf peering.

A label selector narrows every watch of the operator on the API server's side, so operators with
disjoint selectors never see, nor touch, each other's objects. Migrations are written by the
operator itself: each carries its source's values of the labels the selector names, which puts
it in the shard of its source (a selector's verdict depends only on the labels it names).

Peering is kopf's: replicas that share a peering object pause while a live peer of a higher
priority runs, so one replica works and the others stand by.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import kopf

from schemahero.operator.context import Settings
from schemahero.operator.resources import ALL

_NAME = r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_PREFIX = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"
_KEY = rf"(?:{_PREFIX}/)?{_NAME}"
_VALUE = rf"(?:{_NAME})?"
_REQUIREMENT = re.compile(
    rf"""
    !\s*(?P<absent>{_KEY})
    | (?P<key>{_KEY})
      (?: \s*(?:==|!=|=)\s*{_VALUE}
        | \s+(?:in|notin)\s*\(\s*{_VALUE}(?:\s*,\s*{_VALUE})*\s*\)
      )?
    """,
    re.VERBOSE,
)


class InvalidSelector(ValueError):
    """A label selector the API server would refuse: the operator refuses to start with it."""


def valid_selector(selector: str) -> str:
    """`selector` as the operator uses it (InvalidSelector when the API server would refuse it)."""
    selector_keys(selector)
    return selector.strip()


@functools.cache
def selector_keys(selector: str) -> tuple[str, ...]:
    """The label keys `selector` names, in order (InvalidSelector when it is malformed)."""
    keys: list[str] = []
    for term in _terms(selector):
        found = _REQUIREMENT.fullmatch(term.strip())
        if found is None:
            raise InvalidSelector(f"{selector!r}: {term.strip()!r} is not a label selector requirement")
        key = found["absent"] or found["key"]
        if len(key.rpartition("/")[0]) > 253:
            raise InvalidSelector(f"{selector!r}: the prefix of {key!r} is longer than 253 characters")
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _terms(selector: str) -> list[str]:
    """The comma-separated requirements; commas inside `in (...)` do not separate."""
    terms, depth, start = [], 0, 0
    for at, char in enumerate(selector):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            terms.append(selector[start:at])
            start = at + 1
    terms.append(selector[start:])
    return [] if not selector.strip() else terms


def shard_labels(selector: str, source_labels: Mapping[str, str]) -> dict[str, str]:
    """The labels a Migration takes from its source: those the selector names."""
    return {key: source_labels[key] for key in selector_keys(selector) if key in source_labels}


def configured(settings: kopf.OperatorSettings, ours: Settings) -> kopf.OperatorSettings:
    """kopf's settings with this operator's shard (server-side selectors) and peering."""
    if ours.selector:
        for resource in ALL:
            settings.watching.label_selectors[resource.group, resource.plural] = ours.selector
    if ours.peering:
        settings.peering.standalone = False
        settings.peering.mandatory = True
        settings.peering.name = ours.peering
        settings.peering.priority = ours.priority
    return settings
