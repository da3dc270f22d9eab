"""Every contract value survives encoding, the wire bytes, and decoding unchanged."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import pytest
import yaml
from google.protobuf.message import Message

from schemahero.driver_api import codec
from schemahero.driver_api._gen import driver_pb2 as pb
from schemahero.driver_api.errors import DriverError, ErrorCode
from schemahero.driver_api.types import (
    Capability,
    Connection,
    DataCheck,
    ExportScope,
    Plan,
    PlanOptions,
    PluginInfo,
    ServerInfo,
    Step,
    StepKind,
    StepResult,
    StepStatus,
)
from schemahero.schema.diagnostics import Diagnostic, Severity
from schemahero.schema.documents import SpecObject
from schemahero.schema.hazards import Hazard, HazardKind
from schemahero.schema.model import ObjectRef

T = TypeVar("T")
M = TypeVar("M", bound=Message)

USERS = ObjectRef("table", "users", "public")


def round_trip(value: T, encode: Callable[[T], M], decode: Callable[[M], T]) -> T:
    """`value` encoded, serialized to bytes, parsed and decoded."""
    message = encode(value)
    return decode(type(message).FromString(message.SerializeToString()))


def test_plugin_info() -> None:
    info = PluginInfo(
        "postgres",
        "1.2.3",
        ("postgres", "cockroachdb"),
        ("v1", "v2"),
        {"postgres": {"type": "object", "maxItems": 3, "nested": {"ratio": 0.5}}},
    )
    assert round_trip(info, codec.encode_plugin_info, codec.decode_plugin_info) == info


def test_every_capability() -> None:
    every = frozenset(Capability)
    assert round_trip(every, codec.encode_capabilities, codec.decode_capabilities) == every


def test_a_capability_this_side_does_not_know_is_ignored() -> None:
    message = pb.GetPluginCapabilitiesResponse(capabilities=[pb.CAPABILITY_VIEWS, 999])  # type: ignore[list-item]
    assert codec.decode_capabilities(message) == {Capability.VIEWS}


def test_connection() -> None:
    connection = Connection("postgres://u:p@h/db", {"keyspace": "app", "tls": "on"})
    assert round_trip(connection, codec.encode_connection, codec.decode_connection) == connection


def test_spec_object_keeps_integers_and_nesting() -> None:
    spec = {
        "name": "users",
        "seedData": {"rows": [{"columns": [{"column": "id", "value": {"int": 9007199254740993}}]}]},
        "schema": {"sqlite": {"columns": [{"name": "n", "type": "varchar(255)"}]}},
        "ratio": 0.25,
        "flags": [True, None],
        "text": "héllo",
    }
    obj = SpecObject("Table", "users", spec, "specs/users.yaml: Table users")
    back = round_trip(obj, codec.encode_spec_object, codec.decode_spec_object)
    assert back == obj
    seed_value = back.spec["seedData"]["rows"][0]["columns"][0]["value"]["int"]
    assert type(seed_value) is int


def test_a_yaml_date_crosses_as_the_text_that_was_written() -> None:
    obj = SpecObject("Table", "t", {"default": datetime.date(2024, 2, 29)})
    assert codec.decode_spec_object(codec.encode_spec_object(obj)).spec == {"default": "2024-02-29"}


def test_a_spec_that_is_not_json_data_is_an_invalid_argument() -> None:
    with pytest.raises(DriverError) as caught:
        codec.encode_spec_object(SpecObject("Table", "t", {"x": object()}))
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "Table t" in caught.value.message


def test_a_spec_that_contains_itself_is_an_invalid_argument() -> None:
    """YAML aliases can build one; the encoder does not look for cycles, it recurses too deep."""
    spec = yaml.safe_load("columns: &columns [{name: id}, *columns]")
    with pytest.raises(DriverError) as caught:
        codec.encode_spec_object(SpecObject("Table", "t", spec))
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "Table t: not JSON data" in caught.value.message


@pytest.mark.parametrize("text", ["[1, 2]", "{not json", ""])
def test_spec_json_must_be_a_json_object(text: str) -> None:
    with pytest.raises(DriverError) as caught:
        codec.decode_spec_object(pb.SpecObject(kind="Table", name="t", spec_json=text))
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert "spec_json of Table t" in caught.value.message


@pytest.mark.parametrize("severity", list(Severity))
def test_diagnostic(severity: Severity) -> None:
    diagnostic = Diagnostic("unknown-column", "no column 'x'", "spec.x[0]", severity, "f.yaml")
    assert round_trip(diagnostic, codec.encode_diagnostic, codec.decode_diagnostic) == diagnostic


def test_object_ref() -> None:
    assert round_trip(USERS, codec.encode_object_ref, codec.decode_object_ref) == USERS


@pytest.mark.parametrize("kind", list(HazardKind))
def test_hazard(kind: HazardKind) -> None:
    hazard = Hazard(kind, "drops column users.email")
    assert round_trip(hazard, codec.encode_hazard, codec.decode_hazard) == hazard


@pytest.mark.parametrize("kind", list(StepKind))
def test_step_of_every_kind(kind: StepKind) -> None:
    step = Step("ALTER TABLE users ADD x int", kind, USERS, (Hazard(HazardKind.BUILDS_INDEX, "i"),))
    assert round_trip(step, codec.encode_step, codec.decode_step) == step


@pytest.mark.parametrize("transactional", [True, False])
def test_step_without_object(transactional: bool) -> None:
    step = Step("BEGIN", StepKind.BEGIN, None, (), transactional)
    assert round_trip(step, codec.encode_step, codec.decode_step) == step


@pytest.mark.parametrize("violations", [None, 0, 3])
def test_step_with_data_checks(violations: int | None) -> None:
    nulls = DataCheck("rows of users with NULL in email", "select count(*) from users where email is null")
    step = Step("ALTER TABLE users ALTER email SET NOT NULL", StepKind.ALTER_TABLE, USERS)
    step = replace(step, checks=(replace(nulls, violations=violations), DataCheck("rows", "select 0")))
    assert round_trip(step, codec.encode_step, codec.decode_step) == step


def test_an_object_ref_of_empty_names_is_still_there() -> None:
    step = Step("SELECT 1", StepKind.RAW, ObjectRef("", ""))
    assert round_trip(step, codec.encode_step, codec.decode_step) == step


def test_plan() -> None:
    plan = Plan(
        (Step("CREATE TABLE a (x int)", StepKind.CREATE_TABLE, ObjectRef("table", "a")),),
        "ab12",
        (Diagnostic("w", "careful", severity=Severity.WARNING),),
    )
    assert round_trip(plan, codec.encode_plan, codec.decode_plan) == plan


@pytest.mark.parametrize("options", [PlanOptions(seed_data=True), PlanOptions(seed_data=False)])
def test_plan_options(options: PlanOptions) -> None:
    assert round_trip(options, codec.encode_plan_options, codec.decode_plan_options) == options


def test_unset_plan_options_mean_the_defaults() -> None:
    assert codec.decode_plan_options(pb.PlanRequest().options) == PlanOptions()


@pytest.mark.parametrize("status", list(StepStatus))
def test_step_result(status: StepStatus) -> None:
    result = StepResult(3, status, "duplicate column", 12.5)
    assert round_trip(result, codec.encode_step_result, codec.decode_step_result) == result


def test_export_scope() -> None:
    scope = ExportScope(("public", "audit"), ("users",))
    assert round_trip(scope, codec.encode_export_scope, codec.decode_export_scope) == scope


def test_server_info() -> None:
    info = ServerInfo("15.4", (Diagnostic("old-server", "upgrade", severity=Severity.WARNING),))
    assert round_trip(info, codec.encode_server_info, codec.decode_server_info) == info


def test_error_details() -> None:
    diagnostics = (Diagnostic("a", "first", "spec.a"), Diagnostic("b", "second", source="s"))
    data = codec.encode_error_details(diagnostics)
    assert codec.decode_error_details(data) == diagnostics


@pytest.mark.parametrize(
    ("message", "decode", "field"),
    [
        (pb.Step(sql="x"), codec.decode_step, "Step.kind"),
        (pb.Hazard(message="x"), codec.decode_hazard, "Hazard.kind"),
        (pb.Diagnostic(code="x"), codec.decode_diagnostic, "Diagnostic.severity"),
        (pb.StepResult(index=0), codec.decode_step_result, "StepResult.status"),
    ],
)
def test_an_unspecified_enum_is_an_invalid_argument(
    message: Any, decode: Callable[[Any], object], field: str
) -> None:
    with pytest.raises(DriverError) as caught:
        decode(message)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert field in caught.value.message
