"""Services seen in a run, so that rules can tell which pods receive traffic.

A Service is matched only with pods of its own application, because a repository of independent
samples holds many Services whose selectors (`app: web`) happen to pick unrelated pods. The stream a
Service is read from (a file, or a chart's render or a kustomization's build, named by its folder)
decides which pods that is:

- the pods of the same stream: the same file, chart render or kustomize build;
- for a Service read from a file, also the pods of every file in the folder that holds that file or
  below it (`app/service.yaml` matches `app/deployment.yaml` and `app/base/deployment.yaml`, never
  `other-app/deployment.yaml`);
- a Service in a chart render, a kustomize build or standard input matches that stream only.

Namespaces must be equal when both objects set one; an object without one goes to the namespace it
is applied to, which may be the other's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from probelint.model.extract import objects_in
from probelint.reading.loader import Document

STDIN = "-"


class Service(NamedTuple):
    name: str
    namespace: str | None
    selector: tuple[tuple[str, str], ...]
    # `publishNotReadyAddresses: true` (headless Services for peer discovery): endpoints ignore readiness.
    publishes_not_ready: bool = False
    # The stream it was read from (see the module's docstring); "" when unknown: it then matches any pod.
    stream: str = ""

    def selects(self, namespace: str | None, pod_labels: Mapping[str, str]) -> bool:
        """A Service with a selector picks pods whose labels include every selector pair, in its
        namespace when both name one."""
        if not self.selector:
            return False
        if self.namespace and namespace and self.namespace != namespace:
            return False
        return all(pod_labels.get(key) == value for key, value in self.selector)


def services_in(document: Document) -> Iterator[Service]:
    for obj in objects_in(document):
        if obj.get_str("kind") != "Service":
            continue
        spec = obj.map("spec")
        selector = spec.str_map("selector") if spec is not None else {}
        if not selector:
            continue
        metadata = obj.map("metadata")
        name = metadata.get_str("name") if metadata is not None else None
        namespace = metadata.get_str("namespace") if metadata is not None else None
        publishes_not_ready = spec is not None and spec.scalar("publishNotReadyAddresses") is True
        yield Service(name or "", namespace, tuple(sorted(selector.items())), publishes_not_ready)


def _scope(stream: str) -> str | None:
    """The folder whose files (at any depth) a Service read from `stream` also serves; None: its
    stream only (a chart render or kustomize build, named by its folder, or standard input)."""
    if not stream or stream == STDIN or os.path.isdir(stream):
        return None
    return os.path.dirname(os.path.abspath(stream))


def folders_serving(stream: str) -> list[str]:
    """Every folder whose files' Services may select pods read from `stream` (those `stream` is in):
    the stream's own path and each folder above it, deepest first."""
    folders = [os.path.abspath(stream)]
    while (parent := os.path.dirname(folders[-1])) != folders[-1]:
        folders.append(parent)
    return folders


# Services from outside the run's files (run/context.py): given a stream, those not given before that
# may select its pods. Asked only when a rule looks for the Services selecting a pod of that stream.
OutsideServices = Callable[[str], Iterable[Service]]


class _Known:
    """The Services of a run, in the order read, and their index; shared by a context and its views.

    The index finds Services by their first selector pair (a Service picks pods that carry all its
    pairs, so the first one among the pod's labels finds every candidate) and by their home: "" for
    a Service of unknown stream (it serves every stream), "=" and the stream for one that serves its
    stream only, else the folder it serves (_scope). A view looks up the homes that serve its stream
    only, so that the cost does not grow with findings times the Services of other applications."""

    def __init__(self, services: list[Service], outside: OutsideServices | None) -> None:
        self.services = services
        self.outside = outside
        self.asked: set[str] = set()  # the streams `outside` was asked about
        self.by_pair: dict[tuple[str, str], list[int]] = {}  # pair -> positions in `services`
        self.by_home: dict[tuple[str, tuple[str, str]], list[int]] = {}  # (home, pair) -> positions
        self.indexed = 0  # the Services before this position are in the index
        self.scopes: dict[str, str | None] = {}

    def ask_outside(self, stream: str) -> None:
        if self.outside is not None and stream not in self.asked:
            self.asked.add(stream)
            self.services.extend(self.outside(stream))

    def ensure_index(self) -> None:
        """Index the Services added since the last time (they are only ever appended)."""
        for position in range(self.indexed, len(self.services)):
            service = self.services[position]
            if service.selector:
                pair = service.selector[0]
                self.by_pair.setdefault(pair, []).append(position)
                self.by_home.setdefault((self._home(service.stream), pair), []).append(position)
        self.indexed = len(self.services)

    def _home(self, stream: str) -> str:
        if not stream:
            return ""
        if stream not in self.scopes:
            self.scopes[stream] = _scope(stream)
        scope = self.scopes[stream]
        return "=" + stream if scope is None else scope


class RunContext:
    """What the whole run knows once every file is read.

    `within(stream)` gives the view a rule's `refine` gets for a finding read from `stream`: its
    `services_selecting` then returns only Services of the same application (see the module), and
    asks `outside` (if given) for the Services beyond the run's files that may serve that stream."""

    stream: str | None  # None: every Service of the run counts

    def __init__(self, services: list[Service] | None = None, outside: OutsideServices | None = None) -> None:
        self._known = _Known(services if services is not None else [], outside)
        self.stream = None
        self._homes: tuple[str, ...] = ()  # a view's: the homes of the Services that serve its stream

    @property
    def services(self) -> list[Service]:
        return self._known.services

    def add(self, stream: str, services: Iterable[Service]) -> None:
        """The Services read from `stream` (a file's path, or a chart's or kustomization's folder)."""
        self._known.services.extend(service._replace(stream=stream) for service in services)

    def within(self, stream: str) -> RunContext:
        """A view for findings read from `stream`, sharing this context's Services and index."""
        view = RunContext.__new__(RunContext)
        view._known = self._known
        view.stream = stream
        view._homes = ("", "=" + stream, *folders_serving(stream))
        return view

    def services_selecting(self, namespace: str | None, pod_labels: Mapping[str, str]) -> list[Service]:
        """The Services (in the order read) of this application whose selector picks these pods,
        looked up through the index (see _Known)."""
        if not pod_labels:
            return []  # a selector is never empty here: it picks no pod without labels
        known = self._known
        if self.stream is not None:
            known.ask_outside(self.stream)
        known.ensure_index()
        positions: set[int] = set()
        for pair in pod_labels.items():
            if self.stream is None:
                positions.update(known.by_pair.get(pair, ()))
            else:
                for home in self._homes:
                    positions.update(known.by_home.get((home, pair), ()))
        services = known.services
        return [services[p] for p in sorted(positions) if services[p].selects(namespace, pod_labels)]
