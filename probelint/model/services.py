"""Services seen anywhere in a run, so that rules can tell which pods receive traffic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from probelint.model.extract import objects_in
from probelint.reading.loader import Document


class Service(NamedTuple):
    name: str
    namespace: str | None
    selector: tuple[tuple[str, str], ...]
    # `publishNotReadyAddresses: true` (headless Services for peer discovery): endpoints ignore readiness.
    publishes_not_ready: bool = False

    def selects(self, namespace: str | None, pod_labels: Mapping[str, str]) -> bool:
        """A Service with a selector picks pods in its namespace whose labels include every selector pair.

        A missing namespace means "the namespace it is applied to", so two objects without one match.
        """
        if not self.selector or (self.namespace or None) != (namespace or None):
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


class RunContext:
    """What the whole run knows once every file is read."""

    services: list[Service]
    # (namespace, key, value) of each selector's first pair -> positions in `services`; built on first use.

    def __init__(self, services: list[Service] | None = None) -> None:
        self.services = services if services is not None else []
        self._index: dict[tuple[str | None, str, str], list[int]] = {}
        self._indexed: int = -1

    def services_selecting(self, namespace: str | None, pod_labels: Mapping[str, str]) -> list[Service]:
        """The Services (in the order read) whose selector picks these pods.

        Looked up through an index by namespace, so that the cost does not grow with findings times
        Services over a large run.
        """
        if self._indexed != len(self.services):
            self._index, self._indexed = {}, len(self.services)
            for position, service in enumerate(self.services):
                if service.selector:
                    key, value = service.selector[0]
                    self._index.setdefault((service.namespace or None, key, value), []).append(position)
        positions: set[int] = set()
        for key, value in pod_labels.items():
            positions.update(self._index.get((namespace or None, key, value), ()))
        return [self.services[p] for p in sorted(positions) if self.services[p].selects(namespace, pod_labels)]
