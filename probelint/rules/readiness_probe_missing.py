"""A long-running container without a readiness probe: it counts as Ready the moment it starts.

Severity depends on who sends the pod traffic, which only the whole run knows: `check` reports a
warning, and `refine` (after every file is read) turns it into an error naming the Service when a
Service of the same application (same file, folder, chart render or kustomize build, and namespace:
see probelint.model.services) selects the pod's labels and no container of the pod has a readiness
probe (so the endpoints list each pod as soon as it starts). Without such a Service it stays a
warning, never skipped: readiness also paces rollouts.

The pod is Ready only when every container is. So when another container already has a readiness
probe, a container without one is not the reason traffic arrives early: it stays a warning (its own
ports may still be served too soon), and a helper (a container that declares no ports beside one
that has a readiness probe or serves ports, such as a config reloader or log shipper) gets only an
info finding. Polaris' and kube-linter's users complain about exactly those findings on helpers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Finding, Problem, Severity, clip
from probelint.model.services import RunContext, Service
from probelint.model.workload import Container, Workload
from probelint.rules._missing import containers_lacking, declares_ports, idle_problem, idles, lacks
from probelint.rules._text import short_name

ID = "readiness-probe-missing"
SEVERITY = Severity.WARNING
SUMMARY = "A long-running container has no readinessProbe (an error when a Service sends its pods traffic)."
OPTIONS: Mapping[str, Any] = {}

_ADD = "add one that passes once it can serve"
_ADD_DETAIL = "Add a readinessProbe that succeeds only once the container can serve requests."
UNGATED_TAG = "ungated"


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    if workload.is_knative:  # Knative's webhook gives each serving container a TCP readiness probe
        return
    for container in containers_lacking(workload, "readinessProbe"):
        if idles(container):
            yield idle_problem(container, "readinessProbe")
            continue
        gate = _readiness_gate(container, workload)
        server = _server_beside(container, workload)
        why = _helper_reason(gate, server) if not declares_ports(container) else None
        if why is not None:
            yield Problem(
                container.name_loc,
                "container has no readinessProbe and no ports, so it looks like a helper; add one only if it "
                "gates traffic",
                container.name,
                severity=Severity.INFO,
                detail=f"It declares no ports, so it looks like a helper: {why}. Add a readinessProbe only if "
                f"the pod must not get traffic before this container is up.",
            )
        elif gate is not None:
            yield Problem(
                container.name_loc,
                f"container has no readinessProbe; only {short_name(gate.name)}'s gates the pod; {_ADD}",
                container.name,
                detail=f"The pod turns Ready when container {gate.name}'s readinessProbe passes, whether or not "
                f"this container can serve its ports yet. {_ADD_DETAIL}",
            )
        else:
            yield Problem(
                container.name_loc,
                f"container has no readinessProbe, so the pod is Ready as soon as it starts; {_ADD}",
                container.name,
                tag=UNGATED_TAG,
                detail=f"The pod is marked Ready as soon as its containers start, so a Service would send it "
                f"traffic and a rollout would move on before it can serve. {_ADD_DETAIL}",
            )


def refine(finding: Finding, run: RunContext, options: Mapping[str, Any]) -> Finding:
    """Escalate to an error when a Service of the pod's application selects a pod that nothing keeps
    unready (`run` is the view for the finding's stream, so Services of unrelated folders never count).

    Only when no container of the pod has a readiness probe: then the Service's endpoints list each
    pod as soon as it starts. A Service with `publishNotReadyAddresses: true` lists pods whatever their
    readiness, so it does not count. A rule configured as info is left alone.
    """
    if finding.severity < Severity.WARNING or finding.tag != UNGATED_TAG:
        return finding
    selecting = run.services_selecting(finding.namespace, dict(finding.pod_labels))
    services = [service for service in selecting if not service.publishes_not_ready]
    if not services:
        return finding
    return finding._replace(
        severity=Severity.ERROR,
        message=f"container has no readinessProbe; {_describe(services, short=True)} it; {_ADD}",
        detail=f"{_describe(services)[0].upper()}{_describe(services)[1:]} these pods: each pod becomes an "
        f"endpoint as soon as its containers start, before they can answer, so requests fail (connection "
        f"refused) during every start and rollout. {_ADD_DETAIL}",
    )


def _readiness_gate(container: Container, workload: Workload) -> Container | None:
    """Another long-running container of the pod whose readiness probe keeps the pod unready until it passes."""
    for other in workload.long_running:
        if other is not container and not lacks(other, "readinessProbe"):
            return other
    return None


def _server_beside(container: Container, workload: Workload) -> Container | None:
    """Another long-running container that declares ports: the one the pod's traffic is for."""
    for other in workload.long_running:
        if other is not container and declares_ports(other):
            return other
    return None


def _helper_reason(gate: Container | None, server: Container | None) -> str | None:
    """Why a container without ports does not decide when its pod gets traffic (None: it may)."""
    if gate is not None:
        return f"the pod is Ready only when every container is, and container {gate.name}'s readinessProbe gates that"
    if server is not None:
        return f"the pod's traffic goes to container {server.name}'s ports, so its readiness is what matters"
    return None


def _describe(services: list[Service], short: bool = False) -> str:
    names = sorted({service.name or "(unnamed)" for service in services})
    if len(names) == 1:
        return f"Service {clip(names[0], 28) if short else names[0]} selects"
    if short:
        return f"{len(names)} Services select"
    return f"Services {', '.join(names)} select"
