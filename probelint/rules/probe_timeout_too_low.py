"""Probe timeouts under 2 s: one slow response and the kubelet counts a failure.

The API server turns a missing or 0 `timeoutSeconds` into 1 (docs/facts.md#defaults), and the kubelet gives each
attempt exactly that long (docs/facts.md#kubelet). tcpSocket probes only open a connection, so they are left alone
unless `include-tcp` is set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.workload import Workload
from probelint.rules._text import brief

ID = "probe-timeout-too-low"
SEVERITY = Severity.WARNING
SUMMARY = "An httpGet, grpc or exec probe has a timeoutSeconds under 2 (1 s when unset)."
OPTIONS: Mapping[str, Any] = {"min-timeout-seconds": 2, "include-tcp": False}

_WHAT_FAILS = {
    "httpGet": 'a response slower than that fails with "context deadline exceeded '
    '(Client.Timeout exceeded while awaiting headers)"',
    "grpc": 'a health check slower than that fails with "timeout: health rpc did not complete"',
    "exec": 'a command slower than that is killed and fails with "command timed out"',
    "tcpSocket": 'a connection slower than that fails with "i/o timeout"',
}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    minimum = int(options["min-timeout-seconds"])
    kinds = {"httpGet", "grpc", "exec"} | ({"tcpSocket"} if options["include-tcp"] else set())
    for container in workload.long_running:
        for probe in container.probes.values():
            handler = probe.handler
            if handler is None or handler.kind not in kinds:
                continue
            timeout = probe.effective("timeoutSeconds")
            # Negative values are rejected by the API server: a schema problem, not this rule's.
            if timeout is None or timeout < 0 or timeout >= minimum:
                continue
            yield Problem(
                probe.field_loc("timeoutSeconds"),
                f"{probe.label} probe ({handler.kind}): {brief(probe, 'timeoutSeconds')}; set {minimum} or more",
                container.name,
                detail=f"The kubelet gives each attempt exactly timeoutSeconds: {probe.describe('timeoutSeconds')}; "
                f"{_WHAT_FAILS[handler.kind]}, and one slow response counts as a failure.",
                needs=minimum,
            )
