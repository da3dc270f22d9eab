"""Table triggers: read from a spec or from pg_trigger into one shape, compared by meaning.

A spec names events as upstream does (`after insert`, `before update of "c"`) and the function
as `fn('a', 'b')` (executeProcedure) or by `execute`. The catalog gives bits and names; both
become a Trigger whose `key` ignores spelling (case, white space, quoting of the arguments).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from schemahero.drivers.postgres.defaults import squash
from schemahero.drivers.postgres.literals import unquote
from schemahero.schema import specs
from schemahero.schema.diagnostics import Diagnostic

EVENT_ORDER = ("insert", "update", "delete", "truncate")
_EVENT = re.compile(
    r"\s*(?P<timing>before|after|instead\s+of)\s+(?P<event>insert|update|delete|truncate)"
    r"(?:\s+of\s+(?P<columns>.+?))?\s*",
    re.IGNORECASE,
)
_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_CALL = re.compile(rf"\s*(?:(?P<schema>{_NAME})\.)?(?P<name>{_NAME})\s*(?:\((?P<args>.*)\))?\s*", re.DOTALL)
_ARGUMENT = re.compile(r"\s*('(?:[^']|'')*'|[^,']+?)\s*(?:,|\Z)")

# pg_trigger.tgtype bits
ROW, BEFORE, INSERT, DELETE, UPDATE, TRUNCATE, INSTEAD = 1, 2, 4, 8, 16, 32, 64


@dataclass(frozen=True)
class Trigger:
    name: str
    timing: str
    events: tuple[str, ...]
    function: str
    function_schema: str = ""
    arguments: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    row: bool = False
    constraint: bool = False
    condition: str = ""
    keyword: str = field(default="procedure", compare=False)
    """`execute procedure` or `execute function`: the same to PostgreSQL, kept for the plan."""

    def key(self) -> tuple[object, ...]:
        """What the trigger does, whatever the spelling."""
        function = (self.function_schema, self.function) if self.function_schema else self.function
        return (
            self.timing,
            self.events,
            self.columns,
            self.row,
            self.constraint,
            squash(self.condition),
            function,
            self.arguments,
        )

    def same_as(self, live: Trigger) -> bool:
        """Whether `live` (from the catalog) does what this desired trigger asks."""
        theirs = live.key()
        if not self.function_schema:
            theirs = (*theirs[:6], live.function, live.arguments)
        return self.key() == theirs


def from_spec(trigger: specs.PostgresTrigger, path: str) -> tuple[Trigger | None, list[Diagnostic]]:
    """The trigger a spec describes, or the problems that keep it from being one."""
    problems: list[Diagnostic] = []
    if not trigger.name:
        problems.append(Diagnostic("required", "a trigger needs a name", f"{path}.name"))
    timings, events, columns = set(), [], []
    for i, text in enumerate(trigger.events or []):
        found = _EVENT.fullmatch(text or "")
        if found is None:
            problems.append(
                Diagnostic(
                    "invalid-event",
                    f"{text!r} is not an event such as 'after insert' or 'before update of \"c\"'",
                    f"{path}.events[{i}]",
                )
            )
            continue
        timings.add(" ".join(found["timing"].lower().split()))
        events.append(found["event"].lower())
        if found["columns"]:
            columns += [_identifier(c) for c in found["columns"].split(",")]
    if not trigger.events:
        problems.append(Diagnostic("required", "a trigger needs at least one event", f"{path}.events"))
    if len(timings) > 1:
        problems.append(
            Diagnostic(
                "mixed-timing",
                f"one trigger fires at one time, not {' and '.join(sorted(timings))}",
                f"{path}.events",
            )
        )
    call, keyword, call_problems = _call(trigger, path)
    problems += call_problems
    if problems or call is None:
        return None, problems
    schema, name, arguments = call
    return Trigger(
        name=trigger.name or "",
        timing=timings.pop(),
        events=tuple(sorted(set(events), key=EVENT_ORDER.index)),
        function=name,
        function_schema=schema,
        arguments=arguments,
        columns=tuple(columns),
        row=bool(trigger.for_each_run),
        constraint=bool(trigger.constraint_trigger),
        condition=(trigger.condition or "").strip(),
        keyword=keyword,
    ), []


def _call(
    trigger: specs.PostgresTrigger, path: str
) -> tuple[tuple[str, str, tuple[str, ...]] | None, str, list[Diagnostic]]:
    if trigger.execute is not None:
        execute = trigger.execute
        if execute.params:
            return (
                None,
                "",
                [
                    Diagnostic(
                        "unsupported",
                        "a trigger calls its function with literal arguments: PostgreSQL has no "
                        "declared parameters here (pass arguments in executeProcedure: fn('a'))",
                        f"{path}.execute.params",
                    )
                ],
            )
        return (execute.schema or "", _identifier(execute.name), ()), execute.type.lower(), []
    if not trigger.execute_procedure:
        return (
            None,
            "",
            [Diagnostic("required", "give the function to run: executeProcedure or execute", path)],
        )
    found = _CALL.fullmatch(trigger.execute_procedure)
    arguments = _arguments(found["args"]) if found and found["args"] is not None else ()
    if found is None or arguments is None:
        return (
            None,
            "",
            [
                Diagnostic(
                    "invalid-function",
                    f"{trigger.execute_procedure!r} is not a function call such as fn() or s.fn('a', 1)",
                    f"{path}.executeProcedure",
                )
            ],
        )
    schema = _identifier(found["schema"]) if found["schema"] else ""
    return (schema, _identifier(found["name"]), arguments), "procedure", []


def _arguments(text: str) -> tuple[str, ...] | None:
    if not text.strip():
        return ()
    values: list[str] = []
    position = 0
    for found in _ARGUMENT.finditer(text):
        if found.start() != position or not found.group(1):
            return None
        token = found.group(1)
        values.append(unquote(token) if token.startswith("'") else token)  # type: ignore[arg-type]
        position = found.end()
        if position == len(text):
            return tuple(values)
    return None


def _identifier(text: str) -> str:
    """A name as PostgreSQL folds it: quoted keeps its case, bare is lower-cased."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) > 1:
        return text[1:-1].replace('""', '"')
    return text.lower()


def from_catalog(
    *,
    name: str,
    tgtype: int,
    constraint: bool,
    function: str,
    function_schema: str,
    arguments: bytes,
    columns: tuple[str, ...],
    definition: str,
) -> Trigger:
    """A live trigger from its pg_trigger row (pg_get_triggerdef gives the WHEN condition)."""
    timing = "instead of" if tgtype & INSTEAD else "before" if tgtype & BEFORE else "after"
    events = tuple(
        event
        for event, bit in zip(EVENT_ORDER, (INSERT, UPDATE, DELETE, TRUNCATE), strict=True)
        if tgtype & bit
    )
    values = arguments.split(b"\x00")[:-1] if arguments else []
    return Trigger(
        name=name,
        timing=timing,
        events=events,
        function=function,
        function_schema=function_schema,
        arguments=tuple(v.decode() for v in values),
        columns=columns,
        row=bool(tgtype & ROW),
        constraint=constraint,
        condition=_condition(definition),
    )


def _condition(definition: str) -> str:
    found = re.search(r"\sWHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) ", definition, re.DOTALL)
    return _unwrapped(found.group(1)) if found else ""


def _unwrapped(text: str) -> str:
    """`(a = b)` -> `a = b`: the parentheses PostgreSQL adds around a whole condition."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def changed(live: tuple[Trigger, ...], desired: tuple[Trigger, ...]) -> Iterator[str]:
    """Names of the triggers to drop or (re)create."""
    wanted = {t.name: t for t in desired}
    present = {t.name: t for t in live}
    for name in sorted(set(wanted) | set(present)):
        if name not in wanted or name not in present or not wanted[name].same_as(present[name]):
            yield name
