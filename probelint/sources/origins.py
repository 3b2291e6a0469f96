"""What a finding on a Kustomize-built object needs to find its way back to the committed files.

`kustomize build` with `buildMetadata: [originAnnotations, transformerAnnotations]` writes, on each
object, the file it came from (`config.kubernetes.io/origin`) and the kustomizations whose
transformers (patches among them) changed it (`alpha.config.kubernetes.io/transformations`). While
the built document is in hand, the engine records for each finding the annotations and the key's
place in the object, by keys and by list items' merge keys (`name`), which is how patches address
them; `probelint.sources.origin_map` later looks those up in the files.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from probelint.model.workload import Workload
from probelint.reading.yamlview import scalar_value
from probelint.sources.origin_ref import Item, OriginRef, Step

ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations"
# List items are matched across files by these keys (strategic merge's patchMergeKeys for the lists
# probes live in), else by their index.
MERGE_KEYS = ("name", "containerPort", "mountPath", "devicePath")


def origin_ref(workload: Workload, line: int, column: int) -> OriginRef | None:
    """The way back for a finding at 1-based `line`/`column` in a workload carrying an origin
    annotation (None: no usable annotation)."""
    annotations = workload.annotations
    origin = _load(annotations.get(ORIGIN_ANNOTATION, ""))
    if not isinstance(origin, dict) or not isinstance(origin.get("path"), str):
        return None
    transformations = _load(annotations.get(TRANSFORMATIONS_ANNOTATION, ""))
    kustomizations: list[str] = []
    for entry in transformations if isinstance(transformations, list) else ():
        where = entry.get("configuredIn") if isinstance(entry, dict) else None
        if isinstance(where, str) and where not in kustomizations:
            kustomizations.append(where)
    steps, node, found = _steps_to(workload.root.node, (line - 1, column - 1))
    scalar = found and isinstance(node, ScalarNode)
    value = scalar_value(node) if scalar and node is not None else None
    return OriginRef(origin["path"], tuple(kustomizations), workload.kind, workload.name, steps, value, scalar, found)


def _load(text: str) -> object:
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return None


def _steps_to(root: Node, target: tuple[int, int]) -> tuple[tuple[Step, ...], Node | None, bool]:
    """The steps from `root` to the key (or list item) at `target` (0-based), the value node there, and
    whether it was found; when not, the steps to the deepest mapping key enclosing it."""
    steps: list[Step] = []
    current: Node = root
    while True:
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if not isinstance(key, ScalarNode):
                    continue
                if _at(key, target) or _at(value, target):
                    return (*steps, str(key.value)), value, True
                if _contains(value, target):
                    steps.append(str(key.value))
                    current = value
                    break
            else:
                return tuple(steps), None, False
        elif isinstance(current, SequenceNode):
            for index, item in enumerate(current.value):
                if _at(item, target) and not isinstance(item, MappingNode):
                    return (*steps, _item(index, item)), item, True
                if _contains(item, target):
                    steps.append(_item(index, item))
                    current = item
                    break
            else:
                return tuple(steps), None, False
        else:
            return tuple(steps), None, False


def _item(index: int, node: Node) -> Item:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value in MERGE_KEYS and isinstance(value, ScalarNode):
                return Item(index, str(key.value), scalar_value(value))
    return Item(index, None, None)


def _at(node: Node, target: tuple[int, int]) -> bool:
    return (node.start_mark.line, node.start_mark.column) == target


def _contains(node: Node, target: tuple[int, int]) -> bool:
    return (node.start_mark.line, node.start_mark.column) <= target < (node.end_mark.line, node.end_mark.column)
