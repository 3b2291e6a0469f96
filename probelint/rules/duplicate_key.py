"""A key written twice in one mapping: kubectl keeps the last one and drops the first without a word."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..findings import Problem, Severity
from ..model import Workload
from ..yamlview import Loc

ID = "duplicate-key"
SEVERITY = Severity.ERROR
SUMMARY = "A key is repeated in one mapping of a workload; kubectl silently keeps only the last value."
OPTIONS: Mapping[str, Any] = {}

_MERGE_TAG = "tag:yaml.org,2002:merge"


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Walk the whole object once; `seen` makes shared (aliased) nodes count once, so bombs stay linear."""
    containers = {id(container.view.node): container.name for container in workload.containers}
    root = workload.root
    seen: set[int] = set()
    # (node, its path, the container it belongs to); explicit stack: deep nesting must not hit the recursion limit
    stack: list[tuple[Node, str, str | None]] = [(root.node, root.path, None)]
    while stack:
        node, path, container = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        container = containers.get(id(node), container)
        if isinstance(node, MappingNode):
            first: dict[str, ScalarNode] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag == _MERGE_TAG:
                    continue
                name = str(key.value)
                child_path = f"{path}.{name}" if path else name
                earlier = first.get(name)
                if earlier is None:
                    first[name] = key
                    stack.append((value, child_path, container))
                    continue
                yield _problem(name, key, earlier, child_path, container)
                stack.append((value, child_path, container))  # a duplicate's value may hold more
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag == _MERGE_TAG:
                    stack.append((value, path, container))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{path}[{index}]", container))


def _problem(name: str, key: ScalarNode, earlier: ScalarNode, path: str, container: str | None) -> Problem:
    line = earlier.start_mark.line + 1
    return Problem(
        Loc(path, key.start_mark.line + 1, key.start_mark.column + 1),
        f'duplicate key "{name}" (first at line {line}): kubectl silently keeps only this last value and drops '
        f'the one at line {line}, while strict parsers reject the file (mapping key "{name}" already defined at '
        f"line {line}); delete one of the two",
        container,
    )
