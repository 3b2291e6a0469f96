"""Which workload of the run an event's pod belongs to.

A pod's name is its controller's name plus a suffix the controller adds: Deployment `web` → ReplicaSet
`web-7d9c8b6f5` (the pod-template hash) → pod `web-7d9c8b6f5-x2x9k`; DaemonSet, ReplicaSet, Job and
ReplicationController pods add five random characters; StatefulSet pods add `-<ordinal>`; CronJob
pods add the Job's scheduled time and five characters. When the input names the pod's controller
(`Controlled By:` in `kubectl describe pod`, a Pod's ownerReferences), that is used first.
"""

from __future__ import annotations

import re

from probelint.engine.linter import WorkloadSeen
from probelint.events.parse import Event

_RANDOM = r"[a-z0-9]{5}"
_HASH = r"[a-z0-9]{1,10}"
# The pod name a controller of each kind gives: `{name}` is the controller's name, escaped.
_POD_NAME = {
    "Pod": r"{name}",
    "Deployment": rf"{{name}}-{_HASH}-{_RANDOM}",
    "Rollout": rf"{{name}}-{_HASH}-{_RANDOM}",
    "ReplicaSet": rf"{{name}}-{_RANDOM}",
    "ReplicationController": rf"{{name}}-{_RANDOM}",
    "DaemonSet": rf"{{name}}-{_RANDOM}",
    "Job": rf"{{name}}-{_RANDOM}",
    "StatefulSet": r"{name}-\d+",
    "CronJob": rf"{{name}}-\d+-{_RANDOM}",
}
_DEFAULT_POD_NAME = rf"{{name}}-{_RANDOM}"  # other controllers (CloneSet and the like)
# A controller that is itself created by another: ReplicaSet `web-7d9c8b6f5` of Deployment `web`.
_OWNER_OF_OWNER = {"ReplicaSet": ("Deployment", rf"-{_HASH}$"), "Job": ("CronJob", r"-\d+$")}


def owners_of(event: Event, workloads: list[WorkloadSeen]) -> list[WorkloadSeen]:
    """The workloads of the run the event's pod belongs to (more than one when names are ambiguous, or
    every workload when the input does not name the pod: a bare message pasted with its manifests)."""
    candidates = [seen for seen in workloads if _same_namespace(seen.namespace, event.namespace)]
    if event.owner is not None:
        by_owner = _by_owner(event.owner, candidates)
        if by_owner:
            return by_owner
    if event.pod is None:
        return candidates
    return [seen for seen in candidates if _pod_name_matches(seen, event.pod)]


def guessed_owner(event: Event) -> str | None:
    """`Deployment web` (or a list of possibilities) from the pod's name or owner, for when no manifest matched."""
    if event.owner is not None:
        kind, name = event.owner
        parent = _OWNER_OF_OWNER.get(kind)
        if parent is not None and re.search(parent[1], name):
            return f"{parent[0]} {re.sub(parent[1], '', name)} (through {kind} {name})"
        return f"{kind} {name}"
    if event.pod is None:
        return None
    deployment = re.fullmatch(rf"(.+)-{_HASH}-{_RANDOM}", event.pod)
    if deployment is not None and re.search(r"\d", event.pod.rsplit("-", 2)[1]):
        return f"Deployment {deployment.group(1)}"
    stateful = re.fullmatch(r"(.+)-\d+", event.pod)
    if stateful is not None:
        return f"StatefulSet {stateful.group(1)}"
    single = re.fullmatch(rf"(.+)-{_RANDOM}", event.pod)
    if single is not None:
        return f"DaemonSet or Job {single.group(1)}"
    return None


def _same_namespace(workload: str | None, event: str | None) -> bool:
    """A manifest without a namespace is applied to one, so it matches any event namespace."""
    return workload is None or event is None or workload == event


def _by_owner(owner: tuple[str, str], candidates: list[WorkloadSeen]) -> list[WorkloadSeen]:
    kind, name = owner
    direct = [seen for seen in candidates if seen.kind == kind and seen.name == name]
    if direct:
        return direct
    parent = _OWNER_OF_OWNER.get(kind)
    if parent is None:
        return []
    parent_kind, suffix = parent
    return [
        seen
        for seen in candidates
        if seen.kind == parent_kind and re.fullmatch(re.escape(seen.name) + suffix[:-1], name)
    ]


def _pod_name_matches(seen: WorkloadSeen, pod: str) -> bool:
    if not seen.name:
        return False
    shape = _POD_NAME.get(seen.kind, _DEFAULT_POD_NAME)
    return re.fullmatch(shape.replace("{name}", re.escape(seen.name)), pod) is not None
