"""Turn a YAML node into the JSON the API server would decode, remembering the node behind each path.

kubectl converts YAML to JSON (sigs.k8s.io/yaml, YAML 1.1 scalars) before anything validates it, so a
JSON Schema must see the same values: `yes` is true, `"5"` a string, `1.0` the number 1 (Go's
encoder writes integral floats without a fraction). A null value means the field is unset and is
left out, as the Go decoder would. Every kept path maps back to the node a finding points at: the
key of a mapping entry, a list item itself, or the anchor given for the root.

Aliases can make a small document expand exponentially; the conversion stops after `budget` nodes
and a node inside itself (a recursive alias) is left out, so a YAML bomb costs a bounded amount.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.reading.yamlview import entries_of, scalar_value

JSONPath = tuple[str | int, ...]

DEFAULT_BUDGET = 5000
# json.Marshal writes a float64 in integer form below 1e21; beyond that, exponent form fails int decoding.
_INTEGRAL_FLOAT_LIMIT = 1e21


class JSONTree:
    """The JSON value and, per path, the node a finding about that path should point at."""

    value: Any
    anchors: dict[JSONPath, Node]
    nodes: dict[JSONPath, Node]  # the value node itself

    def __init__(
        self, value: Any, anchors: dict[JSONPath, Node] | None = None, nodes: dict[JSONPath, Node] | None = None
    ) -> None:
        self.value = value
        self.anchors = anchors if anchors is not None else {}
        self.nodes = nodes if nodes is not None else {}

    def anchor(self, path: JSONPath) -> Node:
        """The closest recorded anchor at or above `path` (the root anchor at worst)."""
        for end in range(len(path), -1, -1):
            node = self.anchors.get(path[:end])
            if node is not None:
                return node
        raise KeyError(path)  # pragma: no cover - the root is always recorded


def json_scalar(node: ScalarNode) -> Any:
    """A scalar as JSON would carry it after sigs.k8s.io/yaml's YAML→JSON conversion."""
    value = scalar_value(node)
    if isinstance(value, float) and value.is_integer() and abs(value) < _INTEGRAL_FLOAT_LIMIT:
        return int(value)
    return value


def to_json(node: Node, anchor: Node, budget: int = DEFAULT_BUDGET) -> JSONTree:
    tree = JSONTree(None)
    tree.anchors[()] = anchor
    converter = _Converter(tree, budget)
    tree.value = converter.convert(node, ())
    return tree


class _Converter:
    __slots__ = ("active", "budget", "tree")

    def __init__(self, tree: JSONTree, budget: int) -> None:
        self.tree = tree
        self.budget = budget
        self.active: set[int] = set()

    def convert(self, node: Node, path: JSONPath) -> Any:
        self.budget -= 1
        self.tree.nodes[path] = node
        if isinstance(node, ScalarNode):
            return json_scalar(node)
        if self.budget <= 0 or id(node) in self.active:
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                result: dict[str, Any] = {}
                for name, entry in entries_of(node).items():
                    if _is_null(entry.value):
                        continue
                    child = (*path, name)
                    self.tree.anchors[child] = entry.key
                    result[name] = self.convert(entry.value, child)
                return result
            if isinstance(node, SequenceNode):
                items = []
                for index, item in enumerate(node.value):
                    child = (*path, index)
                    self.tree.anchors[child] = item
                    items.append(self.convert(item, child))
                return items
            return None
        finally:
            self.active.discard(id(node))


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and scalar_value(node) is None
