"""Find every workload, and every container in it, in a loaded document.

The one place that knows where objects keep pod templates (docs/facts.md#pod-spec-paths): built-in kinds, the custom
kinds listed in `_TEMPLATES` (Knative, OLM, LeaderWorkerSet, KubeRay, JobSet, Tekton, Argo Workflows),
and, in any other kind, a mapping shaped like a pod spec (`containers` whose items have a `name` and
an `image`). `kind: List` is unwrapped. Objects that only describe pods (CRD schemas, policy patterns)
are left alone: see `model/kinds.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from probelint.model.kinds import NOT_POD_GROUPS, NOT_PODS
from probelint.model.workload import Container, Workload
from probelint.reading.loader import Document
from probelint.reading.yamlview import MapView

_EACH = "*"  # a path step: every mapping item of the list there


class Template(NamedTuple):
    """Where a kind keeps pods: the path to the pod spec, the keys of its container lists, and whether
    those pods run to completion (a Job's, a workflow step's) whatever the kind's name says."""

    path: tuple[str, ...]
    containers: tuple[str, ...] = ("initContainers", "containers", "ephemeralContainers")
    completes: bool = False


def _pod(*path: str, completes: bool = False) -> Template:
    return Template(path, completes=completes)


_ARGO_CONTAINERS = ("initContainers", "container", "script", "containerSet.containers", "sidecars")
_ARGO = (
    Template(("spec", "templates", _EACH), _ARGO_CONTAINERS, completes=True),
    Template(("spec", "workflowSpec", "templates", _EACH), _ARGO_CONTAINERS, completes=True),
)
_RAY = ("headGroupSpec", "template", "spec"), ("workerGroupSpecs", _EACH, "template", "spec")

# Keyed by kind, or by `kind.group` where a kind name is not unique.
_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "Pod": (_pod("spec"),),
    "PodTemplate": (_pod("template", "spec"),),
    "CronJob": (_pod("spec", "jobTemplate", "spec", "template", "spec"),),
    "Revision.serving.knative.dev": (_pod("spec"),),
    "ClusterServiceVersion": (_pod("spec", "install", "spec", "deployments", _EACH, "spec", "template", "spec"),),
    "LeaderWorkerSet": (
        _pod("spec", "leaderWorkerTemplate", "leaderTemplate", "spec"),
        _pod("spec", "leaderWorkerTemplate", "workerTemplate", "spec"),
    ),
    "RayCluster": tuple(_pod("spec", *path) for path in _RAY),
    "RayService": tuple(_pod("spec", "rayClusterConfig", *path) for path in _RAY),
    "RayJob": tuple(_pod("spec", "rayClusterSpec", *path, completes=True) for path in _RAY),
    "JobSet": (_pod("spec", "replicatedJobs", _EACH, "template", "spec", "template", "spec", completes=True),),
    # Tekton runs steps to completion and checks only the sidecars' readiness: steps are not probed.
    "Task": (Template(("spec",), ("sidecars",), completes=True),),
    "ClusterTask": (Template(("spec",), ("sidecars",), completes=True),),
    "TaskRun": (Template(("spec", "taskSpec"), ("sidecars",), completes=True),),
    "Workflow": _ARGO,
    "WorkflowTemplate": _ARGO,
    "ClusterWorkflowTemplate": _ARGO,
    "CronWorkflow": _ARGO,
}
_GENERIC = (_pod("spec", "template", "spec"),)
# How deep a pod-shaped mapping is looked for in kinds not listed above.
_SHAPE_DEPTH = 8
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


def workloads_in(document: Document, partial: bool = False) -> Iterator[Workload]:
    """The workloads of a document (`partial`: it comes from a patch file, see Workload.partial)."""
    for obj in objects_in(document):
        yield from workloads_of(obj, document, partial)


def may_hold_pods(kind: str | None, api_version: str | None) -> bool:
    """False for objects that never run pods here (a cheap test on kind and apiVersion alone)."""
    if kind is None or kind in NOT_PODS:
        return False
    return (api_version or "").rpartition("/")[0] not in NOT_POD_GROUPS


def workloads_of(obj: MapView, document: Document, partial: bool = False) -> Iterator[Workload]:
    """Every pod template in one object, as a Workload each (`partial`: see Workload.partial)."""
    kind = obj.get_str("kind")
    api_version = obj.get_str("apiVersion")
    if kind is None or not may_hold_pods(kind, api_version):
        return
    group = (api_version or "").rpartition("/")[0]
    known = _TEMPLATES.get(f"{kind}.{group}") or _TEMPLATES.get(kind)
    found = False
    for template in known or _GENERIC:
        for pod_spec in _walk(obj, template.path):
            if known is None and not isinstance(pod_spec.get("containers"), SequenceNode):
                continue
            found = True
            yield _workload(kind, obj, pod_spec, template, document, partial)
    if known is None and not found:
        for pod_spec, in_job in _pod_shaped(obj, _SHAPE_DEPTH, False):
            yield _workload(kind, obj, pod_spec, Template((), completes=in_job), document, partial)


def _workload(
    kind: str, obj: MapView, pod_spec: MapView, template: Template, document: Document, partial: bool
) -> Workload:
    workload = Workload(
        kind, obj, pod_spec, document.index, document.source, completes=template.completes, partial=partial
    )
    workload.containers = list(_containers(workload, template.containers))
    return workload


def _walk(view: MapView, keys: tuple[str, ...]) -> Iterator[MapView]:
    if not keys:
        yield view
        return
    key, rest = keys[0], keys[1:]
    if rest and rest[0] == _EACH:
        for item in view.maps(key):
            yield from _walk(item, rest[1:])
        return
    child = view.map(key)
    if child is not None:
        yield from _walk(child, rest)


def _is_pod_spec(view: MapView) -> bool:
    """`containers` is a list whose mapping items each have a `name` and an `image` scalar."""
    items = view.seq("containers")
    if not items:
        return False
    for item in items:
        if not isinstance(item, MappingNode):
            return False
        container = MapView(item, "")
        if not all(isinstance(container.get(key), ScalarNode) for key in ("name", "image")):
            return False
    return True


def _pod_shaped(view: MapView, depth: int, in_job: bool) -> Iterator[tuple[MapView, bool]]:
    """Pod-spec-shaped mappings below `view` (not inside one already found), each with whether it lies
    under a key naming a job (`job`, `jobTemplate`, `jobs`: an Argo AnalysisTemplate's Job, say)."""
    if _is_pod_spec(view):
        yield view, in_job
        return
    if depth == 0:
        return
    for key, entry in view.entries.items():
        node = entry.value
        below = in_job or "job" in key.lower()
        if isinstance(node, MappingNode):
            child = view.map(key)
            if child is not None:
                yield from _pod_shaped(child, depth - 1, below)
        elif isinstance(node, SequenceNode):
            for item in view.maps(key):
                yield from _pod_shaped(item, depth - 1, below)


def _containers(workload: Workload, keys: tuple[str, ...]) -> Iterator[Container]:
    spec = workload.pod_spec
    for key in keys:
        *parents, last = key.split(".")
        holder: MapView | None = spec
        for parent in parents:
            holder = holder.map(parent) if holder is not None else None
        if holder is None:
            continue
        single = holder.map(last)
        items = [single] if single is not None else list(holder.maps(last))
        for index, item in enumerate(items):
            yield Container(workload, item, _role(last, item), index)


def _role(key: str, item: MapView) -> str:
    if key == "initContainers":
        return "sidecar" if item.get_str("restartPolicy") == "Always" else "init"
    return "ephemeral" if key == "ephemeralContainers" else "container"
