"""Read-only views over composed YAML nodes that keep every position.

The loader hands us PyYAML nodes (fast, positioned, comment-free). Everything above the loader works
through these views so that rules never touch raw nodes, merge keys or YAML 1.1 scalar rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.findings import Loc
from probelint.paths import join_index, join_key

Scalar = str | int | float | bool | None

_BOOL_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


def loc_of(node: Node, path: str) -> Loc:
    mark, end = node.start_mark, node.end_mark
    return Loc(path, mark.line + 1, mark.column + 1, end.line + 1, end.column + 1)


def scalar_value(node: Node) -> Scalar:
    """The value Kubernetes (YAML 1.1 through sigs.k8s.io/yaml) reads from a scalar node."""
    if not isinstance(node, ScalarNode):
        return None
    tag = node.tag
    text: str = node.value
    if tag == _STR_TAG:
        return text
    if tag == "tag:yaml.org,2002:bool":
        return text in _BOOL_TRUE
    if tag == "tag:yaml.org,2002:int":
        return _parse_int(text)
    if tag == "tag:yaml.org,2002:float":
        return _parse_float(text)
    if tag == "tag:yaml.org,2002:null":
        return None
    return text


def _parse_int(text: str) -> int | str:
    if text.isascii() and text.isdigit() and (text[0] != "0" or len(text) == 1) and len(text) < 19:
        return int(text)  # a plain decimal that fits int64, the common case
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    try:
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if len(digits) > 1 and digits.startswith("0"):
            return sign * int(digits, 8)
        return sign * int(digits)
    except ValueError:
        return text


def _parse_float(text: str) -> float | str:
    cleaned = text.replace("_", "").lower()
    if cleaned in (".inf", "+.inf"):
        return float("inf")
    if cleaned == "-.inf":
        return float("-inf")
    if cleaned == ".nan":
        return float("nan")
    try:
        return float(cleaned)
    except ValueError:
        return text


def is_plain_int(node: Node | None) -> bool:
    """An integer that is not a boolean (YAML 1.1 has no overlap, but Python does)."""
    if node is None:
        return False
    value = scalar_value(node)
    return isinstance(value, int) and not isinstance(value, bool)


def describe(node: Node) -> str:
    """A short human description of what a node holds, for messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = scalar_value(node)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {node.value}"
    if isinstance(value, (int, float)):
        return f"the number {node.value}"
    return f'the string "{value}"'


def walk_nodes(roots: Iterable[Node]) -> Iterator[Node]:
    """Every distinct node below `roots`, once each (aliases make a graph: a bomb stays linear),
    iteratively (deep nesting stays clear of the recursion limit). Order is unspecified."""
    stack = list(roots)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


class Entry(NamedTuple):
    key: ScalarNode
    value: Node


class MapView:
    """A mapping with merge keys resolved (explicit keys win, last duplicate wins, as in Kubernetes).

    `anchor` is the node a finding about the mapping as a whole points at: the key that holds it,
    or the list item itself.
    """

    __slots__ = ("_entries", "anchor", "node", "path")

    def __init__(self, node: MappingNode, path: str, anchor: Node | None = None) -> None:
        self.node = node
        self.path = path
        self.anchor: Node = anchor if anchor is not None else node
        self._entries: dict[str, Entry] | None = None

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = entries_of(self.node)
        return self._entries

    @property
    def loc(self) -> Loc:
        return loc_of(self.anchor, self.path)

    def child_path(self, key: str) -> str:
        return join_key(self.path, key)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def keys(self) -> Iterator[str]:
        return iter(self.entries)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry.value if entry is not None else None

    def key_node(self, key: str) -> ScalarNode | None:
        entry = self.entries.get(key)
        return entry.key if entry is not None else None

    def key_loc(self, key: str) -> Loc:
        """The position of `key` if present, else of the mapping itself."""
        entry = self.entries.get(key)
        if entry is None:
            return self.loc
        return loc_of(entry.key, self.child_path(key))

    def value_loc(self, key: str) -> Loc:
        entry = self.entries.get(key)
        if entry is None:
            return self.loc
        return loc_of(entry.value, self.child_path(key))

    def map(self, key: str) -> MapView | None:
        entry = self.entries.get(key)
        if entry is None or not isinstance(entry.value, MappingNode):
            return None
        return MapView(entry.value, self.child_path(key), entry.key)

    def seq(self, key: str) -> list[Node] | None:
        entry = self.entries.get(key)
        if entry is None or not isinstance(entry.value, SequenceNode):
            return None
        items: list[Node] = entry.value.value
        return items

    def maps(self, key: str) -> Iterator[MapView]:
        """The mapping items of a list value, each with its `key[i]` path."""
        items = self.seq(key)
        if not items:
            return
        base = self.child_path(key)
        for index, item in enumerate(items):
            if isinstance(item, MappingNode):
                yield MapView(item, join_index(base, index), item)

    def scalar(self, key: str) -> Scalar:
        node = self.get(key)
        return scalar_value(node) if node is not None else None

    def get_str(self, key: str) -> str | None:
        value = self.scalar(key)
        return value if isinstance(value, str) else None

    def get_int(self, key: str) -> int | None:
        node = self.get(key)
        if node is None or not is_plain_int(node):
            return None
        value = scalar_value(node)
        assert isinstance(value, int)
        return value

    def str_map(self, key: str) -> dict[str, str]:
        """A map of strings, such as labels: keys and values as Kubernetes would read them."""
        view = self.map(key)
        if view is None:
            return {}
        result: dict[str, str] = {}
        for name, entry in view.entries.items():
            if isinstance(entry.value, ScalarNode):
                result[name] = entry.value.value
        return result


def entries_of(node: MappingNode) -> dict[str, Entry]:
    """collect_entries(node), worked out once per node and kept on it (read-only, like the node): the
    rules look at the same few mappings (a container, its probes) through many views."""
    cache = node.__dict__
    entries: dict[str, Entry] | None = cache.get(_ENTRIES)
    if entries is None:
        entries = cache[_ENTRIES] = collect_entries(node)
    return entries


_ENTRIES = "_probelint_entries"


def collect_entries(node: MappingNode, seen: set[int] | None = None) -> dict[str, Entry]:
    """Key -> entry, with `<<` merges applied under explicit keys; non-scalar keys are skipped.

    `seen` makes each merged mapping count once, so recursive or bomb-shaped merges stay linear.
    """
    entries: dict[str, Entry] = {}
    merges: list[Node] = []
    for pair in node.value:
        key = pair[0]
        if not isinstance(key, ScalarNode):
            continue
        if key.tag == _MERGE_TAG:
            merges.append(pair[1])
            continue
        entries[key.value] = _new_entry(Entry, pair)  # the composer's (key, value) pair, as an Entry
    if merges:
        seen = seen if seen is not None else {id(node)}
        merged: dict[str, Entry] = {}
        for value in merges:
            for source in _merge_sources(value):
                if id(source) in seen:
                    continue
                seen.add(id(source))
                for name, entry in collect_entries(source, seen).items():
                    merged.setdefault(name, entry)
        for name, entry in merged.items():
            entries.setdefault(name, entry)
    return entries


_new_entry = tuple.__new__  # builds the NamedTuple from a pair without a Python-level __new__ call


def _merge_sources(value: Node) -> list[MappingNode]:
    if isinstance(value, MappingNode):
        return [value]
    if isinstance(value, SequenceNode):
        return [item for item in value.value if isinstance(item, MappingNode)]
    return []


def scalar_text_at(node: Node, segments: Iterable[str | int]) -> str | None:
    """The text of the scalar at `segments` below `node` (merge keys resolved), or None when the path
    does not reach a scalar: a finding's value at fault, which a baseline matches on."""
    for segment in segments:
        if isinstance(segment, int):
            if not isinstance(node, SequenceNode) or not 0 <= segment < len(node.value):
                return None
            node = node.value[segment]
        else:
            if not isinstance(node, MappingNode):
                return None
            entry = entries_of(node).get(segment)
            if entry is None:
                return None
            node = entry.value
    return str(node.value) if isinstance(node, ScalarNode) else None
