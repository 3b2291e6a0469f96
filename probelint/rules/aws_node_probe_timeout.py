"""aws-node probes with short timeouts restart the CNI on busy nodes.

aws-node's probes exec /app/grpc-health-probe. Up to v1.9.x the manifests set no timeoutSeconds
(so 1 s); once Kubernetes 1.20 enforced exec timeouts, busy nodes restarted aws-node at random
(amazon-vpc-cni-k8s #1425). v1.10.2 and later ship timeoutSeconds: 10, and AWS's best-practice
guide suggests raising it further on busy nodes (docs/facts.md#aws-node-probes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import find_aws_node
from probelint.model.workload import Workload
from probelint.rules._text import brief

ID = "aws-node-probe-timeout"
SEVERITY = Severity.WARNING
SUMMARY = "An aws-node liveness or readiness probe has a timeoutSeconds under 10."
OPTIONS: Mapping[str, Any] = {"min-timeout-seconds": 10}


# What repeated failures do: liveness restarts the container; readiness restarts nothing, it only
# marks the pod unready (facts A3).
_CONSEQUENCE = {
    "livenessProbe": "and after failureThreshold failures the kubelet restarts the CNI container",
    "readinessProbe": "marking the aws-node pod unready (nothing restarts, but a DaemonSet rollout waits on it)",
}


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
        if timeout is None or timeout < 0 or timeout >= minimum:
            continue
        yield Problem(
            probe.field_loc("timeoutSeconds"),
            f"aws-node {probe.label} probe: {brief(probe, 'timeoutSeconds')}; set {minimum} or more "
            f"(the CNI's own value since v1.10.2)",
            node.main.name,
            detail=f"{probe.describe('timeoutSeconds')}. On a busy node the grpc-health-probe exec takes longer "
            f'and fails with "OCI runtime exec failed ... resource temporarily unavailable" or "command timed '
            f'out", {_CONSEQUENCE[kind]}. AWS suggests up to 60 on busy nodes.',
            needs=minimum,
        )
