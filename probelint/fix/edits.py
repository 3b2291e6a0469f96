"""Edit primitives over a ruamel.yaml document, addressed by the paths findings carry.

A path is the one a finding reports, relative to its document: `spec.template.spec.containers[0].
livenessProbe.timeoutSeconds`, or `items[2].spec...` inside a `kind: List`. Every primitive does two
things: it changes the ruamel.yaml document (which keeps comments, quoting and order), and it records
a `Change` on plain data. The recorded changes are replayed on the original document as Kubernetes
reads it, and the rewritten file must read exactly like that (`apply.py`), so an edit that ruamel.yaml
wrote differently from what the fix meant is caught rather than written.

Edits refuse (`CannotFix`) what they cannot change locally: a value that comes from a `<<` merge key,
and anything under a YAML anchor (an alias elsewhere would change with it). Comment lines that
ruamel.yaml files under the entry before an insertion point, or under an entry being removed, are
moved so that they stay where they were in the text.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.tokens import CommentToken

from probelint.fix.roundtrip import KeptNull
from probelint.paths import ObjectPath, Segment

Path = tuple[Segment, ...]


def _shown(path: Path) -> str:
    return str(ObjectPath(path))


class CannotFix(Exception):
    """A fix that would not be safe here; the message says why, for the person reading the output."""


class Copy(NamedTuple):
    """A value copied from elsewhere in the same document (the liveness handler for a startupProbe)."""

    source: Path


class Change(NamedTuple):
    """One edit on plain data: `set` (value may hold `Copy`), `delete`, `append` to a list, or `splice`
    (one list item -> several)."""

    op: str
    path: Path
    value: Any = None


# --- plain data (what Kubernetes reads) ------------------------------------------------------------


def _walk_plain(data: Any, segments: Sequence[Segment]) -> Any:
    for segment in segments:
        data = data[segment]
    return data


def _resolve_copies(value: Any, data: Any) -> Any:
    if isinstance(value, Copy):
        return copy.deepcopy(_walk_plain(data, value.source))
    if isinstance(value, dict):
        return {key: _resolve_copies(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_copies(item, data) for item in value]
    return value


def apply_change(data: Any, change: Change) -> None:
    """Replay a change on plain data (as parsed by the loader's YAML 1.1 rules)."""
    if change.op == "append":
        _walk_plain(data, change.path).append(_resolve_copies(change.value, data))
        return
    parent = _walk_plain(data, change.path[:-1])
    last = change.path[-1]
    if change.op == "set":
        parent[last] = _resolve_copies(change.value, data)
    elif change.op == "delete":
        del parent[last]
    elif change.op == "splice":
        assert isinstance(last, int)
        parent[last : last + 1] = list(change.value)
    else:  # pragma: no cover - a programming error
        raise ValueError(f"unknown change {change.op}")


def to_plain(value: Any) -> Any:
    """What a value created by a fix will read as: ruamel.yaml's scalar types as Python's own."""
    if isinstance(value, Copy):
        return value
    if isinstance(value, KeptNull) or value is None:
        return None
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, ScalarInt):
        return int(value)
    if isinstance(value, ScalarFloat):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    return value


# --- comments ------------------------------------------------------------------------------------


def _is_block(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _tail_slot(parent: CommentedMap | CommentedSeq, key: Segment) -> tuple[CommentedMap | CommentedSeq, Segment]:
    """Where ruamel.yaml keeps the comments written after the entry `key`: its deepest last entry."""
    value = parent[key]
    while _is_block(value):
        parent, key = value, (list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = parent[key]
    return parent, key


def _slot_index(parent: CommentedMap | CommentedSeq) -> int:
    return 2 if isinstance(parent, CommentedMap) else 0


def _get_token(parent: CommentedMap | CommentedSeq, key: Segment) -> CommentToken | None:
    entry = parent.ca.items.get(key)
    if not entry:
        return None
    token = entry[_slot_index(parent)]
    return token if isinstance(token, CommentToken) else None


def _set_token(parent: CommentedMap | CommentedSeq, key: Segment, token: CommentToken | None) -> None:
    size = 4 if isinstance(parent, CommentedMap) else 2
    entry = parent.ca.items.setdefault(key, [None] * size)
    entry[_slot_index(parent)] = token


def _take_trailing_lines(parent: CommentedMap | CommentedSeq, key: Segment, column: int) -> str:
    """Detach the comment lines after an entry that belong to what follows it.

    ruamel.yaml files every comment line between two entries under the first one. Lines indented
    deeper than `column` (the column of the entry about to be placed) are about the entry before and
    stay with it; the rest, from the first line at or left of `column`, is returned to be moved.
    """
    slot_parent, slot_key = _tail_slot(parent, key)
    token = _get_token(slot_parent, slot_key)
    if token is None or "\n" not in token.value:
        return ""
    head, rest = token.value.split("\n", 1)
    lines = rest.splitlines(keepends=True)
    keep = 0
    while keep < len(lines) and lines[keep].strip() and _indent(lines[keep]) > column:
        keep += 1
    moved = "".join(lines[keep:])
    if not moved:
        return ""
    kept = head + "\n" + "".join(lines[:keep])
    if kept.strip():
        token.value = kept
    else:
        _set_token(slot_parent, slot_key, None)
    return moved


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(mapping: CommentedMap, key: Any) -> int:
    try:
        return int(mapping.lc.key(key)[1])
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0


def _item_column(sequence: CommentedSeq, index: int) -> int:
    """The column of an item's dash (its content starts after `- `)."""
    try:
        return max(0, int(sequence.lc.item(index)[1]) - 2)
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0


def _give_trailing_lines(parent: CommentedMap | CommentedSeq, key: Segment, rest: str) -> None:
    if not rest:
        return
    slot_parent, slot_key = _tail_slot(parent, key)
    token = _get_token(slot_parent, slot_key)
    if token is None:
        _set_token(slot_parent, slot_key, CommentToken("\n" + rest, CommentMark(0), None))
    else:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + rest


def _strip_comments(value: Any) -> None:
    if isinstance(value, (CommentedMap, CommentedSeq)):
        value.ca.items.clear()
        value.ca.comment = None
        value.ca.end = None
        for item in value.values() if isinstance(value, CommentedMap) else value:
            _strip_comments(item)


# --- the editor ----------------------------------------------------------------------------------


class OutsideFragment(Exception):
    """A fix reached outside the piece of the document that was loaded (see fix/fragments.py)."""


class Editor:
    """Edits one ruamel.yaml document and records the same edits as plain `Change`s.

    `root` may be a piece of the document only (a fragment), the value at path `base`; paths are still
    the document's, and one outside `base` raises OutsideFragment, so that a larger piece is loaded."""

    def __init__(self, root: Any, base: Path = ()) -> None:
        self.root = root
        self.base = base
        self.changes: list[Change] = []

    def _below_base(self, path: Path) -> int:
        """How many leading segments of `path` lead to `root`; raises OutsideFragment when it is not below."""
        if path[: len(self.base)] != self.base:
            raise OutsideFragment(_shown(path))
        return len(self.base)

    # reading

    def _step(self, node: Any, segment: Segment, where: Path) -> Any:
        if isinstance(node, CommentedMap) and isinstance(segment, str):
            if segment not in node:
                return None
            if segment not in node._ok:  # ruamel.yaml's own keys, without merged ones
                raise CannotFix(f"{_shown(where)} comes from a YAML merge key (<<); change it where it is defined")
            return node[segment]
        if isinstance(node, CommentedSeq) and isinstance(segment, int):
            return node[segment] if 0 <= segment < len(node) else None
        return None

    def get(self, path: Path) -> Any:
        """The value at `path`, or None when it (or a parent) is missing."""
        node = self.root
        for depth in range(self._below_base(path), len(path)):
            node = self._step(node, path[depth], path[: depth + 1])
            if node is None:
                return None
        return node

    def _container(self, path: Path) -> Any:
        """The mapping or list at `path`, checked to be safe to change in place."""
        node = self.root
        skipped = self._below_base(path)
        _check_unshared(node, path[:skipped])
        for depth in range(skipped, len(path)):
            node = self._step(node, path[depth], path[: depth + 1])
            if node is None:
                raise CannotFix(f"{_shown(path[: depth + 1])} is missing")
            _check_unshared(node, path[: depth + 1])
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            raise CannotFix(f"{_shown(path)} is not a mapping or a list")
        return node

    # writing

    def set(self, path: Path, value: Any, after: str | None = None) -> None:
        """Set a mapping key (keeping its comments) or add it: after `after` if given, else at the end."""
        parent = self._container(path[:-1])
        key = path[-1]
        if not isinstance(parent, CommentedMap) or not isinstance(key, str):
            raise CannotFix(f"{_shown(path[:-1])} is not a mapping")
        new = self._to_ruamel(value)
        if key in parent and key not in parent._ok:  # ruamel.yaml's own keys, without merged ones
            raise CannotFix(f"{_shown(path)} comes from a YAML merge key (<<); change it where it is defined")
        if key in parent:
            _check_unshared(parent[key], path)
            parent[key] = new
        else:
            keys = list(parent.keys())
            position = keys.index(after) + 1 if after is not None and after in keys else len(keys)
            self._insert(parent, position, key, new)
        self.changes.append(Change("set", path, to_plain(value)))

    def delete(self, path: Path) -> None:
        """Remove a mapping key; comment lines written after it move to the entry before it."""
        parent = self._container(path[:-1])
        key = path[-1]
        if not isinstance(parent, CommentedMap) or key not in parent:
            return
        _check_unshared(parent[key], path)
        keys = list(parent.keys())
        position = keys.index(key)
        rest = _take_trailing_lines(parent, key, _key_column(parent, key)) if not parent.fa.flow_style() else ""
        if rest:
            if position == 0:
                raise CannotFix(f"removing {_shown(path)} would lose the comment lines written after it")
            _give_trailing_lines(parent, keys[position - 1], rest)
        del parent[key]
        parent.ca.items.pop(key, None)
        self.changes.append(Change("delete", path))

    def append(self, path: Path, item: Any) -> None:
        """Add an item at the end of a list; comment lines after the old last item stay after the list."""
        sequence = self._container(path)
        if not isinstance(sequence, CommentedSeq):
            raise CannotFix(f"{_shown(path)} is not a list")
        new = self._to_ruamel(item)
        rest = ""
        if len(sequence) and not sequence.fa.flow_style():
            last = len(sequence) - 1
            rest = _take_trailing_lines(sequence, last, _item_column(sequence, last))
        sequence.append(new)
        _give_trailing_lines(sequence, len(sequence) - 1, rest)
        self.changes.append(Change("append", path, to_plain(item)))

    def splice(self, path: Path, items: list[Any]) -> None:
        """Replace one list item by several (which take over its comments)."""
        sequence = self._container(path[:-1])
        index = path[-1]
        if not isinstance(sequence, CommentedSeq) or not isinstance(index, int) or not 0 <= index < len(sequence):
            raise CannotFix(f"{_shown(path)} is not a list item")
        _check_unshared(sequence[index], path)
        comments = {key: value for key, value in sequence.ca.items.items() if isinstance(key, int)}
        new_items = [self._to_ruamel(item) for item in items]
        sequence[index : index + 1] = new_items
        shift = len(new_items) - 1
        for key in comments:
            del sequence.ca.items[key]
        for key, value in comments.items():
            sequence.ca.items[key if key < index else (key + shift if key > index else index + shift)] = value
        self.changes.append(Change("splice", path, [to_plain(item) for item in items]))

    def _insert(self, parent: CommentedMap, position: int, key: str, value: Any) -> None:
        rest = ""
        if position > 0 and not parent.fa.flow_style():
            previous = list(parent.keys())[position - 1]
            rest = _take_trailing_lines(parent, previous, _key_column(parent, previous))
        parent.insert(position, key, value)
        _give_trailing_lines(parent, key, rest)

    def _to_ruamel(self, value: Any) -> Any:
        if isinstance(value, Copy):
            source = self.get(value.source)
            if source is None:
                raise CannotFix(f"{_shown(value.source)} is missing")
            _check_unshared_tree(source, value.source)
            duplicate = copy.deepcopy(source)
            _strip_comments(duplicate)
            return duplicate
        if isinstance(value, Mapping) and not isinstance(value, CommentedMap):
            mapping = CommentedMap()
            for key, item in value.items():
                mapping[key] = self._to_ruamel(item)
            return mapping
        if isinstance(value, list) and not isinstance(value, CommentedSeq):
            sequence = CommentedSeq()
            sequence.extend(self._to_ruamel(item) for item in value)
            return sequence
        return value


def _anchor_of(value: Any) -> str | None:
    anchor = getattr(value, "anchor", None)
    name = getattr(anchor, "value", None) if anchor is not None else None
    return str(name) if name else None


def _check_unshared(value: Any, path: Path) -> None:
    name = _anchor_of(value)
    if name is not None:
        where = _shown(path) or "the document"
        raise CannotFix(f"{where} is shared through the YAML anchor &{name}: changing it would change every alias too")


def _check_unshared_tree(value: Any, path: Path) -> None:
    _check_unshared(value, path)
    if isinstance(value, CommentedMap):
        for key, item in value.items():
            _check_unshared_tree(item, (*path, str(key)))
    elif isinstance(value, CommentedSeq):
        for index, item in enumerate(value):
            _check_unshared_tree(item, (*path, index))
