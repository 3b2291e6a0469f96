"""An exec probe whose command allows itself more time than the kubelet gives it.

Since Kubernetes 1.20 the kubelet enforces `timeoutSeconds` on exec probes (ExecProbeTimeout,
docs/facts.md#kubelet): the runtime kills the command when it runs out and the probe fails with
"command timed out".
A command that carries a longer limit of its own (grpc-health-probe's -connect-timeout plus
-rpc-timeout, curl --max-time, wget --timeout, `timeout N`, pg_isready -t,
mysqladmin --connect-timeout, redis-cli -t, nc -w) is cut off before its own limit can act,
so its own error handling never runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.shell import format_seconds, time_limit
from probelint.model.workload import Workload
from probelint.rules._text import brief

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
            if limit is None or timeout is None or timeout < 0 or limit.seconds <= timeout:
                continue
            yield Problem(
                probe.field_loc("timeoutSeconds"),
                f"{probe.label} probe: command may take {format_seconds(limit.seconds)}s but "
                f"{brief(probe, 'timeoutSeconds')}; set {math.ceil(limit.seconds)} or more",
                container.name,
                detail=f"The command allows itself {format_seconds(limit.seconds)}s ({limit.explanation}), but "
                f"{probe.describe('timeoutSeconds')}: the kubelet gives up on it first and the probe fails with "
                f'"command timed out". Raise timeoutSeconds, or lower the command\'s own limit.',
                needs=math.ceil(limit.seconds),
            )
