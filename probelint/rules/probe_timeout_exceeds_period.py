"""A probe whose timeoutSeconds is longer than its periodSeconds.

Each probe worker runs its attempts one after another on a ticker of `periodSeconds`
(pkg/kubelet/prober/worker.go); a tick that arrives while an attempt is still running waits for it.
So when a server hangs, attempts take `timeoutSeconds` each and the probe runs every `timeoutSeconds`,
not every `periodSeconds`: failures are noticed `failureThreshold × timeoutSeconds` after they start,
later than the period suggests, and the configured period is never what happens.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.workload import Workload

ID = "probe-timeout-exceeds-period"
SEVERITY = Severity.WARNING
SUMMARY = "A probe's timeoutSeconds is longer than its periodSeconds (effective values)."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        for probe in container.probes.values():
            if probe.handler is None:
                continue
            timeout, period = probe.effective("timeoutSeconds"), probe.effective("periodSeconds")
            threshold = probe.effective("failureThreshold")
            if timeout is None or period is None or threshold is None or timeout <= period:
                continue
            unset = "" if probe.view.get_int("periodSeconds") else " (unset: 10)"
            yield Problem(
                probe.field_loc("timeoutSeconds"),
                f"{probe.label} probe: timeoutSeconds {timeout} > periodSeconds {period}{unset}; set timeoutSeconds "
                f"≤ {period} or periodSeconds ≥ {timeout}",
                container.name,
                detail=f"Attempts run one after another, so against a hung server the probe runs every {timeout}s, "
                f"not every {period}s, and gives up after {threshold} × {timeout}s = {threshold * timeout}s instead "
                f"of {threshold * period}s.",
            )
