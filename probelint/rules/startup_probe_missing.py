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
from probelint.model.workload import Workload

ID = "startup-probe-missing"
SEVERITY = Severity.WARNING
SUMMARY = "A slow-starting container guards its liveness probe with initialDelaySeconds instead of a startupProbe."
OPTIONS: Mapping[str, Any] = {"slow-start-seconds": 30}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    threshold = int(options["slow-start-seconds"])
    for container in workload.long_running:
        liveness = container.probe("livenessProbe")
        if liveness is None or container.probe("startupProbe") is not None:
            continue
        delay = liveness.view.get_int("initialDelaySeconds")
        if delay is None or delay < threshold:
            continue
        failures = max(1, math.ceil(delay / 10))
        yield Problem(
            liveness.field_loc("initialDelaySeconds"),
            f"liveness probe waits initialDelaySeconds: {delay} for a slow start: a start that takes longer "
            f"gets the container killed and restarted, and a hang before then goes unnoticed; add a "
            f"startupProbe with the same handler, periodSeconds: 10 and failureThreshold: {failures} "
            f"({failures} x 10s = {failures * 10}s covers the {delay}s), then drop initialDelaySeconds",
            container.name,
        )
