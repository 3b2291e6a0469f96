"""Find every workload, and every container in it, in a loaded document.

Knows where each kind keeps its pod spec (facts.md A5) and unwraps `kind: List`. Anything else with
`spec.template.spec.containers` (Argo Rollout, CloneSet, Knative Service...) counts too.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, SequenceNode

from probelint.model.workload import Container, Workload
from probelint.reading.loader import Document
from probelint.reading.yamlview import MapView

_POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_GENERIC_PATH = ("spec", "template", "spec")
_LIST_KINDS_SUFFIX = "List"


def objects_in(document: Document) -> Iterator[MapView]:
    """The Kubernetes objects of a document: itself, or the items of a `kind: List` (nested ones too)."""
    root = document.root
    if not isinstance(root, MappingNode):
        return
    pending = [MapView(root, "")]
    while pending:  # a List's items may be Lists too (kubectl accepts them): expanded in order, at any depth
        view = pending.pop()
        kind = view.get_str("kind")
        if kind is not None and kind.endswith(_LIST_KINDS_SUFFIX) and isinstance(view.get("items"), SequenceNode):
            pending.extend(reversed(list(view.maps("items"))))
            continue
        yield view


def workloads_in(document: Document) -> Iterator[Workload]:
    for obj in objects_in(document):
        workload = workload_of(obj, document)
        if workload is not None:
            yield workload


def workload_of(obj: MapView, document: Document) -> Workload | None:
    kind = obj.get_str("kind")
    if kind is None:
        return None
    pod_spec = _walk(obj, _POD_SPEC_PATHS.get(kind, _GENERIC_PATH))
    if pod_spec is None:
        return None
    if kind not in _POD_SPEC_PATHS and not isinstance(pod_spec.get("containers"), SequenceNode):
        return None
    workload = Workload(kind, obj, pod_spec, document.index, document.source)
    workload.containers = list(_containers(workload))
    return workload


def _walk(view: MapView, keys: tuple[str, ...]) -> MapView | None:
    current: MapView | None = view
    for key in keys:
        if current is None:
            return None
        current = current.map(key)
    return current


def _containers(workload: Workload) -> Iterator[Container]:
    spec = workload.pod_spec
    for index, item in enumerate(spec.maps("initContainers")):
        role = "sidecar" if item.get_str("restartPolicy") == "Always" else "init"
        yield Container(workload, item, role, index)
    for index, item in enumerate(spec.maps("containers")):
        yield Container(workload, item, "container", index)
    for index, item in enumerate(spec.maps("ephemeralContainers")):
        yield Container(workload, item, "ephemeral", index)
