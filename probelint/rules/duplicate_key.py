"""A key written twice in one mapping: kubectl keeps the last one and drops the first without a word."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.findings import Problem, Severity
from probelint.model.workload import Workload
from probelint.paths import join
from probelint.reading.yamlview import loc_of
from probelint.rules._text import short_value

ID = "duplicate-key"
SEVERITY = Severity.ERROR
SUMMARY = "A key is repeated in one mapping of a workload; kubectl silently keeps only the last value."
OPTIONS: Mapping[str, Any] = {}

_MERGE_TAG = "tag:yaml.org,2002:merge"
# Where a collection sits: (the parent's frame, the key or index that leads here), for paths in findings.
Frame = tuple["Frame | None", str | int]
# A collection still to walk: its node, its frame, and the container it is in (if any).
_Pending = tuple[Node, "Frame | None", "str | None"]


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    """The repeated keys of the object, if a quick walk finds any mapping that may have some."""
    if _may_repeat_keys(workload.root.node):
        yield from _repeated_keys(workload)


def _may_repeat_keys(root: Node) -> bool:
    """Whether some mapping below `root` has two keys with the same text (or a key that is not text):
    the common case, none, costs one pass that builds no paths."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pairs = node.value
            try:
                if len({key.value for key, _ in pairs}) != len(pairs):
                    return True
            except TypeError:  # a mapping or list as a key
                return True
            stack.extend([value for _, value in pairs if value.__class__ is not ScalarNode])
        elif isinstance(node, SequenceNode):
            stack.extend([item for item in node.value if item.__class__ is not ScalarNode])
    return False


def _repeated_keys(workload: Workload) -> Iterator[Problem]:
    """Walk every mapping and list of the object once.

    `seen` makes a node shared through aliases count once, so an alias bomb costs its size on disk, not
    its expansion; an explicit stack keeps deep nesting clear of the recursion limit. Paths are built
    only for findings.
    """
    containers = {id(container.view.node): container.name for container in workload.containers}
    seen: set[int] = set()
    stack: list[_Pending] = [(workload.root.node, None, None)]
    while stack:
        node, frame, container = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        container = containers.get(id(node), container)
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                if not isinstance(item, ScalarNode):
                    stack.append((item, (frame, index), container))
            continue
        if isinstance(node, MappingNode):
            yield from _check_mapping(node, frame, container, workload.root.path, stack)


def _check_mapping(
    node: MappingNode, frame: Frame | None, container: str | None, root: str, stack: list[_Pending]
) -> Iterator[Problem]:
    """Report the repeated keys of one mapping, and queue its collection values for the walk."""
    first: dict[str, ScalarNode] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.tag == _MERGE_TAG:  # merged keys may be overridden: that is what merging is for
            if not isinstance(value, ScalarNode):
                stack.append((value, frame, container))
            continue
        name = str(key.value)
        earlier = first.setdefault(name, key)
        if earlier is not key:
            yield _problem(name, key, earlier, _path(root, (frame, name)), container)
        if not isinstance(value, ScalarNode):
            stack.append((value, (frame, name), container))


def _path(root: str, frame: Frame | None) -> str:
    segments: list[str | int] = []
    while frame is not None:
        frame, label = frame
        segments.append(label)
    return join(root, reversed(segments))


def _problem(name: str, key: ScalarNode, earlier: ScalarNode, path: str, container: str | None) -> Problem:
    line = earlier.start_mark.line + 1
    return Problem(
        loc_of(key, path),
        f'duplicate key "{short_value(name)}" (first at line {line}): kubectl keeps only this one; '
        f"delete one of the two",
        container,
        detail=f"kubectl silently keeps only this last value and drops the one at line {line}, while strict "
        f'parsers reject the file (mapping key "{name}" already defined at line {line}).',
    )
