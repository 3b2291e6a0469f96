"""An exec probe whose command allows itself more time than the kubelet gives it."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from ..commands import format_seconds, time_limit
from ..findings import Problem, Severity
from ..model import Workload

ID = "exec-probe-timeout-mismatch"
SEVERITY = Severity.WARNING
SUMMARY = "An exec probe's command carries its own time limit, longer than the probe's timeoutSeconds."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        for probe in container.probes.values():
            handler = probe.handler
            argv = handler.command_strings() if handler is not None else None
            if not argv:
                continue
            limit = time_limit(argv)
            timeout = probe.effective("timeoutSeconds")
            if limit is None or timeout is None or limit.seconds <= timeout:
                continue
            unset = "" if "timeoutSeconds" in probe.view else " (unset: 1s)"
            yield Problem(
                probe.field_loc("timeoutSeconds"),
                f"{probe.label} probe: {limit.explanation} = {format_seconds(limit.seconds)}s, but timeoutSeconds "
                f"is {timeout}{unset}: the kubelet kills the command first and the probe fails with "
                f'"command timed out"; set timeoutSeconds: {math.ceil(limit.seconds)} or more',
                container.name,
            )
