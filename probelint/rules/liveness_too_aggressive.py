"""A liveness probe that gives up after only a few seconds of failures.

The kubelet restarts a container after `failureThreshold` consecutive failed liveness attempts,
`periodSeconds` apart (pkg/kubelet/prober/worker.go). When `failureThreshold × periodSeconds` is
under `min-failure-window-seconds` (10), one garbage-collection pause, a slow dependency or a busy
node is enough to restart a container that was only slow, which throws away its work and its warm
caches and often makes the overload that caused it worse.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.workload import Workload

ID = "liveness-too-aggressive"
SEVERITY = Severity.WARNING
SUMMARY = "A liveness probe restarts the container after failureThreshold × periodSeconds under 10 s."
OPTIONS: Mapping[str, Any] = {"min-failure-window-seconds": 10}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    minimum = int(options["min-failure-window-seconds"])
    for container in workload.long_running:
        probe = container.probe("livenessProbe")
        if probe is None or probe.handler is None:
            continue
        period, threshold = probe.effective("periodSeconds"), probe.effective("failureThreshold")
        if period is None or threshold is None or period * threshold >= minimum:
            continue
        needed = math.ceil(minimum / period)
        written = "failureThreshold" in probe.view and probe.view.get_int("failureThreshold") != 0
        shown = f"failureThreshold {threshold}" if written else f"failureThreshold unset ({threshold})"
        yield Problem(
            probe.field_loc("failureThreshold"),
            f"liveness probe restarts after {shown} × {period}s = {threshold * period}s; set failureThreshold: "
            f"{needed} ({needed * period}s) or more",
            container.name,
            detail=f"The kubelet restarts the container after {threshold * period}s of failed checks: one GC "
            f"pause, slow dependency or busy node restarts a container that was only slow.",
        )
