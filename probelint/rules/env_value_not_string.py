"""Env values that YAML reads as a boolean or a number: the API server rejects the whole object."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from probelint.apivalidation.messages import go_field_path
from probelint.findings import MESSAGE_LIMIT, Problem, Severity, clip
from probelint.model.workload import Workload
from probelint.reading.yamlview import loc_of, scalar_value
from probelint.rules._text import NAME_WIDTH

ID = "env-value-not-string"
SEVERITY = Severity.ERROR
SUMMARY = "An env value that YAML reads as a boolean or number (value: true, yes, 8080, 1.10) is rejected by the API."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.containers:  # init containers and sidecars too: every env is decoded alike
        for item in container.view.maps("env"):
            entry = item.entries.get("value")
            if entry is None:
                continue
            found = _not_a_string(entry.value)
            if found is None:
                continue
            go_kind, what, fix = found
            name = item.scalar("name")
            label = f"env {clip(str(name), NAME_WIDTH)}" if name is not None else "env entry"
            path = item.child_path("value")
            yield Problem(
                loc_of(entry.key, path),
                clip(f"{label}: {what}, not a string; {fix}", MESSAGE_LIMIT),
                container.name,
                detail=f"The API server rejects the whole object: json: cannot unmarshal {go_kind} into Go struct "
                f"field EnvVar.{go_field_path(path)} of type string.",
            )


def _not_a_string(node: Node) -> tuple[str, str, str] | None:
    """(Go's name for the JSON value, what the YAML says, the fix), or None for a string or null."""
    if not isinstance(node, ScalarNode):
        if isinstance(node, MappingNode):
            return "object", "value is a mapping", "write the value as a string, or use valueFrom"
        return "array", "value is a list", "write the value as a string, or use valueFrom"
    value = scalar_value(node)
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, bool):
        canonical = "true" if value else "false"
        fix = f'quote it: value: "{canonical}"'
        if node.value != canonical:  # `yes`, `on`, `Y`: the program may expect that very text
            fix += f' (or "{clip(node.value, 12)}")'
        return "bool", f"value: {clip(node.value, 12)} is read as the boolean {canonical}", fix
    # A number: quote what was written, since `1.10` would otherwise become 1.1.
    written = clip(node.value, 24)
    return (
        "number",
        f"value: {written} is read as the number {clip(_number(value), 24)}",
        f'quote it: value: "{written}"',
    )


def _number(value: float) -> str:
    """As JSON carries it: `1.0` and `1e3` are whole numbers, `1.10` is 1.1."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
