"""From a key in a Kustomize-built object back to the committed file that holds it.

In order of preference: the key in the resource file the object came from, holding the same value;
else the last patch file (strategic merge, or a JSON 6902 operation) that sets it to that value;
else, marked inexact, the nearest enclosing key the resource file holds. A line is never reported
for a key it does not hold with the value the finding names. The other places that hold the key are
the finding's further locations (`base`, `patch`), with the line in the built stream (`rendered`).
"""

from __future__ import annotations

import os
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.findings import Location
from probelint.reading.loader import KubernetesLoader
from probelint.reading.yamlview import scalar_value
from probelint.sources.kustomization import PatchFile, patch_files
from probelint.sources.origin_ref import Item, OriginRef, Step

_SETTING_OPS = ("add", "replace")


class Mapped(NamedTuple):
    primary: Location
    exact: bool
    related: tuple[Location, ...]  # the other places, not including the rendered one


class _Hit(NamedTuple):
    node: Node  # the key (or list item, or JSON 6902 `value` key) to point at
    value: Node | None  # what it holds


class OriginMapper:
    """Maps OriginRefs whose paths are relative to `base_dir` (where kustomize ran), reading each file once."""

    def __init__(self, base_dir: str) -> None:
        self.base_dir = base_dir
        self._docs: dict[str, list[Node]] = {}
        self._patches: dict[str, list[PatchFile]] = {}

    def map(self, ref: OriginRef) -> Mapped | None:
        """None when the origin file is not there (the finding then stays where it is)."""
        origin = os.path.normpath(os.path.join(self.base_dir, ref.origin))
        if not os.path.isfile(origin):
            return None
        resource = self._object(origin, ref.kind, ref.name)
        in_resource = _walk(resource, ref.steps) if resource is not None else None
        patched = self._patched(ref)
        primary: Location | None = None
        if ref.found and in_resource is not None and _holds(in_resource, ref):
            primary = _location(origin, in_resource.node, "base")
        elif ref.found:
            for file, hit in reversed(patched):
                if _holds(hit, ref):
                    primary = _location(file, hit.node, "patch")
                    break
        exact = primary is not None
        if primary is None:
            enclosing = _deepest(resource, ref.steps, ref.found) if resource is not None else None
            primary = _location(origin, enclosing, "base") if enclosing is not None else Location(origin, 1, 1, "base")
        related = []
        if in_resource is not None:
            related.append(_location(origin, in_resource.node, "base"))
        related += [_location(file, hit.node, "patch") for file, hit in patched]
        others = tuple(where for where in related if where[:3] != primary[:3])
        return Mapped(primary, exact, others)

    def _patched(self, ref: OriginRef) -> list[tuple[str, _Hit]]:
        """Every patch file place that holds the key, in the order kustomize applies them."""
        hits: list[tuple[str, _Hit]] = []
        for kustomization in ref.kustomizations:
            path = os.path.normpath(os.path.join(self.base_dir, kustomization))
            if path not in self._patches:
                self._patches[path] = patch_files(path) if os.path.isfile(path) else []
            for patch in self._patches[path]:
                if patch.target is not None and not _selects(patch.target, ref):
                    continue
                for root in self._documents(patch.path):
                    hit = None
                    if isinstance(root, SequenceNode):  # JSON 6902 operations
                        hit = _in_operations(root, ref.steps)
                    elif patch.target is not None or _is(root, ref.kind, ref.name):  # a strategic-merge patch
                        hit = _walk(root, ref.steps)
                    if hit is not None:
                        hits.append((patch.path, hit))
        return hits

    def _object(self, path: str, kind: str, name: str) -> Node | None:
        matching = [root for root in self._documents(path) if _is(root, kind, name)]
        return matching[0] if len(matching) == 1 else None

    def _documents(self, path: str) -> list[Node]:
        cached = self._docs.get(path)
        if cached is None:
            try:
                with open(path, encoding="utf-8-sig") as handle:
                    cached = [root for root in yaml.compose_all(handle, Loader=KubernetesLoader) if root is not None]
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                cached = []
            self._docs[path] = cached
        return cached


def _get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                found: Node = v
                return found
    return None


def _text(node: Node | None) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) else None


def _is(root: Node, kind: str, name: str) -> bool:
    """Whether a document is the built object: the same kind, and its name before a namePrefix/nameSuffix."""
    if not isinstance(root, MappingNode) or _text(_get(root, "kind")) not in (kind, None):
        return False
    own = _text(_get(_get(root, "metadata"), "name"))
    return own is not None and (own == name or (own != "" and own in name))


def _selects(target: dict[str, object], ref: OriginRef) -> bool:
    kind, name = target.get("kind"), target.get("name")
    return (kind is None or kind == ref.kind) and (name is None or (isinstance(name, str) and name in ref.name))


def _walk(root: Node | None, steps: tuple[Step, ...]) -> _Hit | None:
    """The place `steps` lead to in a file's object: keys by name, list items by merge key or position."""
    node: Node | None = root
    last: Node | None = None
    for step in steps:
        if isinstance(step, str):
            if not isinstance(node, MappingNode):
                return None
            entry = next((kv for kv in node.value if isinstance(kv[0], ScalarNode) and kv[0].value == step), None)
            if entry is None:
                return None
            last, node = entry
        else:
            if not isinstance(node, SequenceNode):
                return None
            item = _item(node, step)
            if item is None:
                return None
            last = node = item
    return _Hit(last, node) if last is not None else None


def _item(sequence: SequenceNode, step: Item) -> Node | None:
    if step.key is None:
        items: list[Node] = sequence.value
        return items[step.position] if step.position < len(items) else None
    for item in sequence.value:
        key = _get(item, step.key)
        if isinstance(key, ScalarNode) and scalar_value(key) == step.value:
            found: Node = item
            return found
    return None


def _deepest(root: Node, steps: tuple[Step, ...], found: bool) -> Node | None:
    """The key of the longest prefix of `steps` that `root` holds; when the finding's own key was found
    in the built object, a strictly enclosing one (the file's own key, if any, holds another value)."""
    for end in range(len(steps) - 1 if found else len(steps), 0, -1):
        hit = _walk(root, steps[:end])
        if hit is not None and isinstance(steps[end - 1], str):
            return hit.node
    return None


def _in_operations(root: SequenceNode, steps: tuple[Step, ...]) -> _Hit | None:
    """The last JSON 6902 `add`/`replace` whose path is `steps` or encloses it, walked into its value."""
    found = None
    for op in root.value:
        path, value = _text(_get(op, "path")), _get(op, "value")
        if _text(_get(op, "op")) not in _SETTING_OPS or path is None or value is None:
            continue
        pointer = [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]
        if len(pointer) > len(steps) or not all(
            _same(part, step) for part, step in zip(pointer, steps[: len(pointer)], strict=True)
        ):
            continue
        rest = steps[len(pointer) :]
        value_key = next(k for k, v in op.value if v is value)
        hit = _walk(value, rest) if rest else _Hit(value_key, value)
        if hit is not None:
            found = hit
    return found


def _same(part: str, step: Step) -> bool:
    return part == step if isinstance(step, str) else part.isdigit() and int(part) == step.position


def _holds(hit: _Hit, ref: OriginRef) -> bool:
    if not ref.scalar:
        return True
    return isinstance(hit.value, ScalarNode) and scalar_value(hit.value) == ref.value


def _location(file: str, node: Node, role: str) -> Location:
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1, role)
