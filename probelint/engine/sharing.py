"""Keep what a run holds until its end small: one copy of each repeated value.

A run keeps every finding (and Service) until all files are read, for the run-wide refinement and
the report. Their texts repeat: a few hundred distinct messages and details over thousands of
findings, the same object paths, names and pod labels in every copy of a manifest. Each finding
makes its own copies, and findings from worker processes arrive unpickled with fresh copies per
chunk, so without sharing a run's memory grows by every copy.
"""

from __future__ import annotations

from typing import Any, Protocol

from probelint.findings import Finding, Suppressed
from probelint.model.services import Service


class Kept(Protocol):
    """What a file's report keeps to the end of the run (engine.linter.FileReport)."""

    findings: list[Finding]
    services: list[Service]
    suppressed: list[Suppressed]


# The fields that hold texts or tuples of texts (the others are numbers, flags and enum members).
_FINDING_FIELDS = tuple(
    Finding._fields.index(name)
    for name in (
        "rule",
        "message",
        "file",
        "path",
        "kind",
        "namespace",
        "name",
        "container",
        "source",
        "pod_labels",
        "tag",
        "detail",
        "value",
    )
)


class Sharing:
    """Gives back, for each value, the first equal value it was given (texts and tuples of texts only:
    values of other types that compare equal, such as 1 and True, must not be mixed with them)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}

    def finding(self, finding: Finding) -> Finding:
        shared = self._values.setdefault
        values = list(finding)
        for index in _FINDING_FIELDS:
            value = values[index]
            if value is not None:
                values[index] = shared(value, value)
        return Finding._make(values)

    def service(self, service: Service) -> Service:
        shared = self._values.setdefault
        name, namespace, selector = service.name, service.namespace, service.selector
        return service._replace(
            name=shared(name, name),
            namespace=namespace if namespace is None else shared(namespace, namespace),
            selector=shared(selector, selector),
        )

    def report(self, report: Kept) -> None:
        """The report's findings, suppressed findings and Services, made of shared values."""
        report.findings = [self.finding(finding) for finding in report.findings]
        report.services = [self.service(service) for service in report.services]
        report.suppressed = [Suppressed(self.finding(item.finding), *item[1:]) for item in report.suppressed]
