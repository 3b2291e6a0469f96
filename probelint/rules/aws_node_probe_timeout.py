"""aws-node probes with short timeouts restart the CNI on busy nodes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..awsnode import find_aws_node
from ..findings import Problem, Severity
from ..model import Workload

ID = "aws-node-probe-timeout"
SEVERITY = Severity.WARNING
SUMMARY = "An aws-node liveness or readiness probe has a timeoutSeconds under 10."
OPTIONS: Mapping[str, Any] = {"min-timeout-seconds": 10}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None:
        return
    minimum = int(options["min-timeout-seconds"])
    for kind in ("livenessProbe", "readinessProbe"):
        probe = node.main.probe(kind)
        if probe is None:
            continue
        timeout = probe.effective("timeoutSeconds")
        if timeout is None or timeout >= minimum:
            continue
        how = f"timeoutSeconds is {timeout}" if "timeoutSeconds" in probe.view else "timeoutSeconds is unset (1s)"
        yield Problem(
            probe.field_loc("timeoutSeconds"),
            f"aws-node {probe.label} probe: {how}; on a busy node the grpc-health-probe exec takes longer and "
            f'fails with "OCI runtime exec failed ... resource temporarily unavailable" or "command timed '
            f"out\", restarting the CNI; set timeoutSeconds: {minimum} or more (the CNI's own default since "
            f"v1.10.2)",
            node.main.name,
        )
