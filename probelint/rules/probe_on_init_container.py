"""Probes and lifecycle hooks on a plain init container: the API server rejects the object."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import ScalarNode

from probelint.apivalidation.messages import field_path
from probelint.findings import Problem, Severity
from probelint.model.workload import PROBE_KINDS, Workload
from probelint.reading.yamlview import loc_of, scalar_value

ID = "probe-on-init-container"
SEVERITY = Severity.ERROR
SUMMARY = "An init container without restartPolicy: Always has a liveness, readiness or startup probe or a lifecycle."
OPTIONS: Mapping[str, Any] = {}

_FIELDS = (*PROBE_KINDS, "lifecycle")


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    if workload.partial:  # the base may set restartPolicy: Always (a sidecar)
        return
    for container in workload.containers:
        if container.role != "init":
            continue
        policy = container.view.scalar("restartPolicy")
        for field in _FIELDS:
            entry = container.view.entries.get(field)
            if entry is None or (isinstance(entry.value, ScalarNode) and scalar_value(entry.value) is None):
                continue
            path = container.view.child_path(field)
            what = "a lifecycle hook" if field == "lifecycle" else f"a {field.removesuffix('Probe')} probe"
            why = (
                f'its restartPolicy is "{policy}", and only Always (a sidecar) allows it'
                if policy is not None
                else "it runs to completion before the app containers start, so nothing would act on it"
            )
            yield Problem(
                loc_of(entry.key, path),
                f"init container has {what}, which the API server rejects; remove {field}, or set restartPolicy: "
                f"Always",
                container.name,
                detail=f"{why[0].upper()}{why[1:]}. The API server rejects the object ({field_path(path)}: "
                f"Forbidden: may not be set for init containers without restartPolicy=Always). Remove {field}, "
                f"or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29+).",
            )
