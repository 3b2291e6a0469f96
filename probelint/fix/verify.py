"""Prove a fix before it is used: the edited lines must read (with the loader's YAML 1.1 rules, as
Kubernetes reads them) exactly like the original with the recorded changes applied, and every changed
line must lie inside the fields the changes address (their key and value lines, or the mapping or list
that receives a new entry)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.fix.edits import Change, apply_change
from probelint.fix.merge import Hunk
from probelint.paths import ObjectPath
from probelint.reading.loader import Document, KubernetesLoader


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _read_all(lines: list[str]) -> list[Any]:
    return list(yaml.load_all("".join(line + "\n" for line in lines), Loader=KubernetesLoader))


def verify(
    before: list[str],
    after: list[str],
    changes: Mapping[int, list[Change]],
    documents: list[Document],
    hunks: list[Hunk],
    start_line: int,
) -> str | None:
    """None when the edit reads as intended and stays within its fields, else what is wrong."""
    try:
        expected = _read_all(before)
        actual = _read_all(after)
    except yaml.YAMLError as error:
        return f"the rewritten document would not parse ({first_line(error)})"
    contents = [index for index, document in enumerate(expected) if document is not None]
    try:
        for position, document_changes in changes.items():
            for change in document_changes:
                apply_change(expected[contents[position]], change)
    except (KeyError, IndexError, TypeError) as error:
        return f"the change does not fit the document as Kubernetes reads it ({error!r})"
    if expected != actual:
        where = _first_difference(expected, actual, ())
        return f"the rewritten document would not read as the original plus the fix (at {where})"
    allowed: list[tuple[int, int, bool]] = []
    for position, document_changes in changes.items():
        for change in document_changes:
            allowed.extend(_spans(documents[position].root, change))
    for hunk in hunks:
        start, end = hunk.start + start_line, hunk.end + start_line
        if not _covered(start, end, allowed):
            return f"the edit would change line {start + 1}, outside the fields the fix addresses"
    return None


def _first_difference(expected: Any, actual: Any, path: tuple[str | int, ...]) -> str:
    """The path of the first place two parsed documents differ, for the refusal message."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [key for key in actual if key not in expected]:
            if expected.get(key) != actual.get(key):
                return _first_difference(expected.get(key), actual.get(key), (*path, str(key)))
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            if left != right:
                return _first_difference(left, right, (*path, index))
    shown = str(ObjectPath(path[1:])) if path else "the document"
    return f"{shown}: expected {expected!r}, read {actual!r}"[:200]


def _covered(start: int, end: int, allowed: list[tuple[int, int, bool]]) -> bool:
    if start == end:  # a pure insertion before line `start`
        return any(first <= start <= last + 1 for first, last, _ in allowed)
    return all(any(first <= line <= last for first, last, whole in allowed if whole) for line in range(start, end))


def _last_line(node: Node) -> int:
    mark = node.end_mark
    if mark.column == 0 and mark.line > node.start_mark.line:
        return int(mark.line) - 1
    return int(mark.line)


def _node_at(root: Node, path: tuple[str | int, ...]) -> Node | None:
    node: Node | None = root
    for segment in path:
        if isinstance(node, MappingNode) and isinstance(segment, str):
            entry = _entry(node, segment)
            node = entry[1] if entry is not None else None
        elif isinstance(node, SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
            node = node.value[segment]
        else:
            return None
    return node


def _entry(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    found = None
    for key_node, value in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found = (key_node, value)
    return found


def _spans(root: Node, change: Change) -> list[tuple[int, int, bool]]:
    """Original lines a change may touch: (first, last, may_rewrite). Insertions may go anywhere in
    the receiving mapping or list; rewriting is allowed only on the lines of the entry itself (or of a
    flow collection, which is written on its own lines as a whole)."""
    if change.op == "append":
        target = _node_at(root, change.path)
        return [_whole(target)] if target is not None else []
    parent = _node_at(root, change.path[:-1])
    if parent is None:
        return []
    key = change.path[-1]
    spans = [(parent.start_mark.line, _last_line(parent), bool(getattr(parent, "flow_style", False)))]
    if change.op == "splice" and isinstance(parent, SequenceNode) and isinstance(key, int):
        item = parent.value[key]
        spans.append((item.start_mark.line, _last_line(item), True))
    elif isinstance(parent, MappingNode) and isinstance(key, str):
        entry = _entry(parent, key)
        if entry is not None:
            spans.append((entry[0].start_mark.line, _last_line(entry[1]), True))
    return spans


def _whole(node: Node) -> tuple[int, int, bool]:
    return (node.start_mark.line, _last_line(node), bool(getattr(node, "flow_style", False)))
