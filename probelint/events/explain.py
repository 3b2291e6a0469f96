"""Explain events: the symptoms each shows, and for each likely cause the findings of the lint run that
point at it on the event's container (or, for the aws-node causes, on the CNI DaemonSet)."""

from __future__ import annotations

import re
from typing import NamedTuple

from probelint.engine.linter import Result, WorkloadSeen
from probelint.events.catalogue import SYMPTOMS
from probelint.events.model import Cause, Symptom
from probelint.events.owners import guessed_owner, owners_of
from probelint.events.parse import Event
from probelint.findings import Finding

# The fields a finding's object path can sit under; an event about one is not explained by another's.
_FIELDS = ("livenessProbe", "readinessProbe", "startupProbe", "lifecycle")
_PROBE_RE = re.compile(r"^(Liveness|Readiness|Startup) probe |failed (liveness|startup) probe")
_URL_RE = re.compile(r'Get "(https?://[^"]+)"')
_GRPC_RE = re.compile(r"health rpc|failed to connect service|NOT_SERVING|grpc health protocol")
_EXEC_RE = re.compile(r'OCI runtime exec|\bcommand\b.*\btimed out|\{"level"')
# Reasons of events about probes and hooks; others (Scheduled, Pulled, BackOff...) are skipped.
_RELATED_REASONS = frozenset({"Unhealthy", "ProbeWarning", "FailedPreStopHook", "FailedPostStartHook"})


class CauseView:
    """One cause of an event, with the findings that show it (filled in once the run is known)."""

    def __init__(self, cause: Cause) -> None:
        self.cause = cause
        self.findings: list[Finding] = []
        self.checked = ""  # for cluster causes without findings: what was checked, or that it is not in the run


class Explanation(NamedTuple):
    event: Event
    symptoms: list[Symptom]
    probe: str | None  # liveness | readiness | startup
    handler: str | None  # httpGet | tcpSocket | grpc | exec
    url: str | None
    owners: list[WorkloadSeen]
    causes: list[CauseView]

    @property
    def findings(self) -> list[Finding]:
        return [finding for view in self.causes for finding in view.findings]


class Explained:
    """Every event of the input: explained, not recognised, or not about probes at all."""

    def __init__(self, linted: Result | None) -> None:
        self.explanations: list[Explanation] = []
        self.unknown: list[Event] = []
        self.skipped = 0
        self.linted = linted  # None: no manifests were given

    @property
    def findings(self) -> list[Finding]:
        """The findings that explain an event, each once, in report order."""
        unique = {finding: None for explanation in self.explanations for finding in explanation.findings}
        return sorted(unique, key=Finding.sort_key)


def explain(events: list[Event], linted: Result | None) -> Explained:
    result = Explained(linted)
    for event in events:
        symptoms = symptoms_of(event.reason, event.message)
        if symptoms:
            result.explanations.append(_explain(event, symptoms, linted))
        elif _is_related(event):
            result.unknown.append(event)
        else:
            result.skipped += 1
    return result


def symptoms_of(reason: str, message: str) -> list[Symptom]:
    """The symptoms an event shows, most specific first (the table's order)."""
    return [symptom for symptom in SYMPTOMS if symptom.matches(reason, message)]


def _is_related(event: Event) -> bool:
    text = event.message.lower()
    return event.reason in _RELATED_REASONS or "probe" in text or "hook" in text


def _explain(event: Event, symptoms: list[Symptom], linted: Result | None) -> Explanation:
    probe = _PROBE_RE.search(event.message)
    kind = (probe.group(1) or probe.group(2)).lower() if probe else None
    url = _URL_RE.search(event.message)
    owners = owners_of(event, linted.workloads) if linted is not None else []
    causes: list[CauseView] = []
    for symptom in symptoms:
        for cause in symptom.causes:
            if any(view.cause.text == cause.text for view in causes):
                continue
            causes.append(_view(cause, event, kind, owners, linted))
    return Explanation(event, symptoms, kind, _handler(event.message), url.group(1) if url else None, owners, causes)


def _handler(message: str) -> str | None:
    if _EXEC_RE.search(message):
        return "exec"
    if _URL_RE.search(message) or "HTTP probe failed" in message:
        return "httpGet"
    if _GRPC_RE.search(message):
        return "grpc"
    if "dial tcp" in message:
        return "tcpSocket"
    return None


def _view(
    cause: Cause, event: Event, probe: str | None, owners: list[WorkloadSeen], linted: Result | None
) -> CauseView:
    view = CauseView(cause)
    if linted is None or not cause.rules:
        return view
    if cause.cluster:
        aws_nodes = [seen for seen in linted.workloads if seen.aws_node]
        view.findings = [f for f in linted.findings if f.rule in cause.rules and _on_any(f, aws_nodes)]
        if aws_nodes:
            checked = ", ".join(f"{seen.kind} {seen.name} in {seen.file}" for seen in aws_nodes)
            view.checked = f"checked {checked}: nothing found"
        else:
            view.checked = "the aws-node DaemonSet is not among the paths"
        return view
    field_name = _field_of(event, probe)
    view.findings = [
        finding
        for finding in linted.findings
        if finding.rule in cause.rules
        and _on_any(finding, owners)
        and (event.container is None or finding.container == event.container)
        and _same_field(finding.path, field_name)
    ]
    return view


def _field_of(event: Event, probe: str | None) -> str | None:
    if probe is not None:
        return f"{probe}Probe"
    if event.reason in ("FailedPreStopHook", "FailedPostStartHook") or "hook" in event.message.lower():
        return "lifecycle"
    return None


def _same_field(path: str, wanted: str | None) -> bool:
    """A finding under one probe (or the lifecycle hooks) explains only an event about that one."""
    if wanted is None:
        return True
    parts = set(re.split(r"[.\[\]]", path))
    under = [name for name in _FIELDS if name in parts]
    return not under or wanted in under


def _on_any(finding: Finding, owners: list[WorkloadSeen]) -> bool:
    return any(
        finding.kind == seen.kind and finding.name == seen.name and finding.namespace == seen.namespace
        for seen in owners
    )


def fill(check: str, event: Event, url: str | None) -> str:
    """A cause's `check` with the event's pod, container and URL in place of the placeholders."""
    namespace = f"-n {event.namespace} " if event.namespace else ""
    container = f" -c {event.container}" if event.container else ""
    pod = event.pod or "POD"
    return (
        check.replace("{exec}", f"kubectl exec {namespace}{pod}{container} --")
        .replace("{logs}", f"kubectl logs {namespace}{pod}{container} --previous")
        .replace("{url}", url or "http://localhost:PORT/PATH")
        .replace("{node}", "kubectl debug node/NODE -it --image=curlimages/curl --")
    )


def owner_text(explanation: Explanation) -> str | None:
    """How the pod was matched, or what its name suggests when no manifest matched."""
    if explanation.owners:
        return "; ".join(f"{seen.kind} {seen.name} in {seen.file}" for seen in explanation.owners)
    return guessed_owner(explanation.event)
