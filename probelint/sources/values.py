"""Values files read with positions, and which layer sets a values path by Helm's precedence.

Lowest to highest: the subchart's own `values.yaml`, each parent's `values.yaml` under the subchart's
key (`<subchart>: …`), the `-f` files in order (later wins), then `--set`. `global.…` is shared: every
layer is read at the same `global` path, without the subchart key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathPart = str | int
Path = tuple[PathPart, ...]
_MISSING = object()


class Layer(NamedTuple):
    """One source of values: a file (with its composed node for positions) or `--set` (file None)."""

    file: str | None
    data: Any
    node: Node | None


class Origin(NamedTuple):
    """Where a values path is set. `file` None means `--set`; line/column are 1-based, of the key."""

    file: str | None
    line: int
    column: int
    value: Any


def read_layer(path: str, display: str) -> Layer:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    node = yaml.compose(text, Loader=_Loader)
    data = yaml.SafeLoader("").construct_document(node) if node is not None else None
    return Layer(display, data if isinstance(data, dict) else {}, node)


def get(data: Any, path: Path) -> Any:
    """The value at `path`, or `MISSING`."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not 0 <= part < len(data):
                return _MISSING
            data = data[part]
        else:
            if not isinstance(data, dict) or part not in data:
                return _MISSING
            data = data[part]
    return data


def is_missing(value: Any) -> bool:
    return value is _MISSING


def _node_position(node: Node | None, path: Path) -> tuple[int, int] | None:
    """1-based (line, column) of the key (or list item) that `path` ends at."""
    position: tuple[int, int] | None = None
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == part:
                    position = (key.start_mark.line + 1, key.start_mark.column + 1)
                    node = value
                    break
            else:
                return None
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            position = (node.start_mark.line + 1, node.start_mark.column + 1)
        else:
            return None
    return position


def _deep_merge(low: Any, high: Any) -> Any:
    if isinstance(low, dict) and isinstance(high, dict):
        merged = dict(low)
        for key, value in high.items():
            merged[key] = _deep_merge(low.get(key, _MISSING), value) if key in low else value
        return merged
    return high


class ValuesScope:
    """The values one chart's templates see: layers, each with the prefix the chart's values sit under."""

    def __init__(self, layers: Sequence[tuple[Layer, Path]]) -> None:
        self.layers = list(layers)  # lowest precedence first

    def _located(self, path: Path) -> list[tuple[Layer, Path]]:
        if path and path[0] == "global":
            return [(layer, path) for layer, _ in self.layers]
        return [(layer, prefix + path) for layer, prefix in self.layers]

    def value(self, path: Path) -> Any:
        """The effective value at `path` (mappings merged across layers, `null` deletes), or MISSING."""
        result: Any = _MISSING
        for layer, full in self._located(path):
            found = get(layer.data, full)
            if found is _MISSING:
                continue
            if found is None and result is not _MISSING:
                result = _MISSING
                continue
            result = found if result is _MISSING else _deep_merge(result, found)
        return result

    def origin(self, path: Path) -> Origin | None:
        """The highest-precedence layer that sets `path`, with the position of its key."""
        for layer, full in reversed(self._located(path)):
            found = get(layer.data, full)
            if found is _MISSING:
                continue
            if layer.file is None:
                return Origin(None, 0, 0, found)
            position = _node_position(layer.node, full)
            if position is None:
                return None
            return Origin(layer.file, position[0], position[1], found)
        return None


def scope_for(chain: Sequence[tuple[str, Layer | None]], user: Sequence[Layer]) -> ValuesScope:
    """`chain`: (values key of the chart, its values.yaml layer) from the top chart down to the chart
    whose templates are rendered; the top chart's key is ignored. `user`: `-f` files then `--set`."""
    names = [name for name, _ in chain[1:]]
    layers: list[tuple[Layer, Path]] = []
    for depth in range(len(chain) - 1, -1, -1):
        own = chain[depth][1]
        if own is not None:
            layers.append((own, tuple(names[depth:])))
    layers.extend((layer, tuple(names)) for layer in user)
    return ValuesScope(layers)


def loose_equal(left: Any, right: Any) -> bool:
    """YAML values compared the way a template prints them: `5`, `"5"` and `5.0` are equal."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(loose_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(loose_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, (Mapping, list)) or isinstance(right, (Mapping, list)):
        return False
    return _scalar_text(left) == _scalar_text(right)


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def set_layer(expressions: Sequence[str], parse: Any) -> Layer:
    """The `--set` expressions merged in order, parsed by `parse` (Helm's own parser when available)."""
    data: dict[str, Any] = {}
    for expression in expressions:
        data = _deep_merge(data, parse(expression))
    return Layer(None, data, None)


def parse_set_simple(expression: str) -> dict[str, Any]:
    """A small `--set` parser for when Helm's is not importable: `a.b=1,c[0]=x`, values typed like YAML."""
    result: dict[str, Any] = {}
    for item in _split_unescaped(expression, ","):
        key, sep, raw = item.partition("=")
        if not sep:
            raise ValueError(f"--set {expression!r}: {item!r} has no '='")
        value = yaml.safe_load(raw) if raw else ""
        if isinstance(value, (dict, list)):
            value = raw
        target: Any = result
        parts = [p for p in _split_unescaped(key, ".")]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if last:
                target[part] = value
            else:
                target = target.setdefault(part, {})
    return result


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts
