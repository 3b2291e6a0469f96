"""Env values that YAML reads as a boolean or a number: the API server rejects the whole object."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from probelint.apivalidation.messages import go_field_path
from probelint.findings import Problem, Severity
from probelint.model.workload import Workload
from probelint.reading.yamlview import loc_of, scalar_value

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
            label = f"env {name}" if name is not None else "env entry"
            path = item.child_path("value")
            yield Problem(
                loc_of(entry.key, path),
                f"{label}: {what}, not a string; the API server rejects the whole object (json: cannot "
                f"unmarshal {go_kind} into Go struct field EnvVar.{go_field_path(path)} of type string); {fix}",
                container.name,
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
            fix += f' (or "{node.value}" if the program expects that text)'
        return "bool", f"value: {node.value} is read as the boolean {canonical}", fix
    # A number: quote what was written, since `1.10` would otherwise become 1.1.
    return "number", f"value: {node.value} is read as the number {_number(value)}", f'quote it: value: "{node.value}"'


def _number(value: float) -> str:
    """As JSON carries it: `1.0` and `1e3` are whole numbers, `1.10` is 1.1."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
