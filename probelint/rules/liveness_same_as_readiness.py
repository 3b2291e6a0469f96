"""Liveness and readiness check the same thing, and liveness gives up no later than readiness.

Readiness failing takes the pod out of its Services; liveness failing restarts the container. When
both ask the same endpoint (or run the same command), whatever makes that check fail, such as a
dependency outage or overload, trips both. If liveness gives up no later than readiness, the kubelet
restarts the container before (or while) taking it out of rotation, in every replica at once, and
the restarts make nothing better. The same endpoint with a *more tolerant* liveness probe is the
recommended pattern (take the pod out of rotation first, restart only if it stays broken) and is not
reported; kube-score's version of this check reports it, and its users dislike exactly that. Nor is
a placeholder command that cannot fail (`true`, `sh -c "exit 0"`): it can restart nothing.

Handlers are compared as the kubelet sees them: the scheme defaults to HTTP, the path to `/`, a
named port is resolved through the container's ports (so `port: http` and `port: 8080` are the same
port when `http` is 8080), and headers must match. Failure windows are `failureThreshold ×
periodSeconds` with defaults applied. `initialDelaySeconds` is deliberately left out: it only delays
the first attempts after a start, while the outage this rule is about happens later, when both
probes are running; a later first liveness attempt does not make it any more tolerant then.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import is_vendor_cni
from probelint.model.handlers import Endpoint, HandlerUse
from probelint.model.shell import program_name
from probelint.model.workload import Probe, Workload

ID = "liveness-same-as-readiness"
SEVERITY = Severity.WARNING
SUMMARY = "Liveness and readiness use the same check, and liveness gives up no later than readiness."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        if is_vendor_cni(container):  # the aws-node rules judge the CNI's own probes
            continue
        liveness, readiness = container.probe("livenessProbe"), container.probe("readinessProbe")
        if liveness is None or readiness is None or liveness.handler is None or readiness.handler is None:
            continue
        live = Endpoint(HandlerUse(container, liveness.kind, liveness.handler, liveness))
        ready = Endpoint(HandlerUse(container, readiness.kind, readiness.handler, readiness))
        if live.key is None or live.key != ready.key or _always_passes(live):
            continue
        live_window, ready_window = liveness.failure_window(), readiness.failure_window()
        if live_window is None or ready_window is None or live_window > ready_window:
            continue
        yield Problem(
            liveness.loc,
            f"liveness gives up no later than readiness on the same check ({live_window}s vs {ready_window}s); "
            f"set {_fix(liveness, ready_window)}",
            container.name,
            detail=f"Liveness and readiness probes both check {live.describe()}, and liveness gives up no later "
            f"than readiness ({_window(liveness)} vs {_window(readiness)}): when that check fails because of a "
            f"dependency or overload, the kubelet restarts the container instead of only taking it out of "
            f"rotation, in every replica at once. Give liveness its own endpoint that checks only the process, "
            f"or a longer window.",
        )


def _always_passes(endpoint: Endpoint) -> bool:
    """`true`, `sh -c "exit 0"`: a placeholder that cannot fail cannot restart anything."""
    key = endpoint.key
    if key is None or key[0] != "exec":
        return False
    argv = key[1]
    assert isinstance(argv, tuple)
    if argv and program_name(str(argv[0])) in ("true", ":"):
        return True
    return len(argv) == 3 and argv[1] == "-c" and str(argv[2]).strip() in ("true", ":", "exit 0")


def _window(probe: Probe) -> str:
    period, threshold = probe.effective("periodSeconds"), probe.effective("failureThreshold")
    assert period is not None and threshold is not None
    return f"{threshold} × {period}s = {threshold * period}s"


def _fix(liveness: Probe, ready_window: int) -> str:
    period = liveness.effective("periodSeconds")
    assert period is not None
    threshold = ready_window // period + 1
    return f"failureThreshold: {threshold} ({threshold * period}s > {ready_window}s)"
