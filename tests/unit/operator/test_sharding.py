"""Shards and replicas: the label selector flag, the labels a Migration carries, kopf's settings."""

from __future__ import annotations

import kopf
import pytest

from schemahero.operator import cli, running, sharding
from schemahero.operator.context import Settings
from schemahero.operator.resources import ALL


@pytest.mark.parametrize(
    ("selector", "keys"),
    [
        ("", ()),
        ("shard=a", ("shard",)),
        ("shard==a, tier!=gold", ("shard", "tier")),
        ("team in (a, b),!legacy", ("team", "legacy")),
        ("example.com/shard notin (x,y), example.com/shard", ("example.com/shard",)),
        ("env=", ("env",)),
    ],
)
def test_a_selector_names_its_keys(selector: str, keys: tuple[str, ...]) -> None:
    assert sharding.selector_keys(selector) == keys


@pytest.mark.parametrize("selector", ["shard=a,", "=a", "shard in a", "shard=a b", "Bad_Prefix/x=1", "a=-b"])
def test_a_malformed_selector_is_refused(selector: str) -> None:
    with pytest.raises(sharding.InvalidSelector, match="is not a label selector requirement"):
        sharding.selector_keys(selector)


def test_a_migration_takes_the_labels_its_selector_names() -> None:
    source = {"shard": "a", "team": "web", "app.kubernetes.io/instance": "argo-app"}
    assert sharding.shard_labels("shard=a,!legacy", source) == {"shard": "a"}
    assert sharding.shard_labels("team in (web)", source) == {"team": "web"}
    assert sharding.shard_labels("", source) == {}


def test_the_selector_narrows_every_watch_on_the_server() -> None:
    settings = sharding.configured(running.kopf_settings(), Settings(selector="shard=a"))
    for resource in ALL:
        assert settings.watching.label_selectors[resource.group, resource.plural] == "shard=a"
    assert settings.peering.standalone


def test_peering_makes_replicas_stand_by() -> None:
    settings = sharding.configured(running.kopf_settings(), Settings(peering="schemahero", priority=7))
    assert not settings.peering.standalone and settings.peering.mandatory
    assert (settings.peering.name, settings.peering.priority) == ("schemahero", 7)
    assert not list(settings.watching.label_selectors)
    assert isinstance(settings, kopf.OperatorSettings)


def test_the_command_line_sets_shard_and_peering() -> None:
    args = cli.parser().parse_args(["-l", " shard=a ", "--peering", "schemahero", "--priority", "3"])
    settings = cli.settings_from(args)
    assert (settings.selector, settings.peering, settings.priority) == ("shard=a", "schemahero", 3)
    replicas = {cli.settings_from(cli.parser().parse_args(["--peering", "p"])).priority for _ in range(5)}
    assert len(replicas) > 1, "replicas without --priority draw distinct ones"


def test_a_malformed_selector_stops_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--selector", "shard=a,"])
    assert "is not a label selector requirement" in capsys.readouterr().err
