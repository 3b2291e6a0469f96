"""A liveness probe that waits out a slow start with initialDelaySeconds instead of a startupProbe.

A fixed delay is wrong both ways: a start slower than the delay gets the container restarted in a
loop, and a hang during the delay goes unnoticed. A startupProbe (GA in 1.20) holds liveness and
readiness back only until the container has really started (docs/facts.md#feature-versions, docs/facts.md#kubelet).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import is_vendor_cni
from probelint.model.workload import Workload

ID = "startup-probe-missing"
SEVERITY = Severity.WARNING
SUMMARY = "A slow-starting container guards its liveness probe with initialDelaySeconds instead of a startupProbe."
OPTIONS: Mapping[str, Any] = {"slow-start-seconds": 30}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    threshold = int(options["slow-start-seconds"])
    if workload.partial:  # a patch without a startupProbe says nothing of its base's
        return
    for container in workload.long_running:
        if is_vendor_cni(container):  # the aws-node rules judge the CNI's own probes
            continue
        liveness = container.probe("livenessProbe")
        if liveness is None or container.probe("startupProbe") is not None:
            continue
        delay = liveness.view.get_int("initialDelaySeconds")
        if delay is None or delay < threshold:
            continue
        failures = max(1, math.ceil(delay / 10))
        yield Problem(
            liveness.field_loc("initialDelaySeconds"),
            f"liveness probe waits initialDelaySeconds: {delay}; use a startupProbe with failureThreshold: "
            f"{failures}, periodSeconds: 10",
            container.name,
            detail=f"A start that takes longer than {delay}s gets the container killed and restarted, and a "
            f"hang before then goes unnoticed. Add a startupProbe with the same handler, periodSeconds: 10 and "
            f"failureThreshold: {failures} ({failures} x 10s = {failures * 10}s covers the {delay}s), then drop "
            f"initialDelaySeconds.",
        )
