"""grpc-health-probe -addr that the aws-node image's ipamd does not listen on.

VPC CNI v1.23.0 moved ipamd's gRPC server from TCP :50051 to unix:///var/run/aws-node/ipamd.sock
and removed the TCP listener (PR #3739, docs/facts.md#aws-node-probes). A probe written for the other side of that line
can never succeed: liveness restarts aws-node forever and readiness never passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import ScalarNode

from probelint.findings import Problem, Severity
from probelint.model.awsnode import find_aws_node
from probelint.model.shell import GRPC_HEALTH_PROBES, program_name, simple_commands
from probelint.model.workload import Workload
from probelint.paths import join
from probelint.reading.yamlview import loc_of
from probelint.rules._text import short_value

ID = "aws-node-probe-address"
SEVERITY = Severity.ERROR
SUMMARY = "An aws-node probe's grpc-health-probe -addr does not match what the CNI version serves."
OPTIONS: Mapping[str, Any] = {}
UNIX_SOCKET_VERSION = (1, 23, 0)
UNIX_ADDRESS = "unix:///var/run/aws-node/ipamd.sock"
TCP_ADDRESS = ":50051"
_CONSEQUENCE = {
    "livenessProbe": ", so the kubelet restarts aws-node over and over",
    "readinessProbe": ", so aws-node never becomes ready",
    "startupProbe": ", so aws-node is restarted before it ever counts as started",
}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is None:
        return
    wants_unix = node.version >= UNIX_SOCKET_VERSION
    version = node.version_text
    for probe in node.main.probes.values():
        handler = probe.handler
        items = handler.command if handler is not None else None
        argv = handler.command_strings() if handler is not None else None
        if not items or not argv:
            continue
        for address, item in _addresses(argv):
            is_unix = address.startswith("unix:")
            if is_unix == wants_unix:
                continue
            node_item = items[item]
            if not isinstance(node_item, ScalarNode):
                continue
            path = join(handler.view.path, ("command", item)) if handler is not None else probe.view.path
            if wants_unix:
                why = (
                    f"VPC CNI {version} serves ipamd only on {UNIX_ADDRESS} (the TCP listener on :50051 was "
                    f"removed in v1.23.0)"
                )
                fix = UNIX_ADDRESS
            else:
                why = f"VPC CNI {version} serves ipamd on TCP :50051 (the unix socket arrived in v1.23.0)"
                fix = TCP_ADDRESS
            yield Problem(
                loc_of(node_item, path),
                f"aws-node {probe.label} probe: -addr={short_value(address)} but VPC CNI {version} serves "
                f"{'the unix socket' if wants_unix else 'TCP :50051'}; use -addr={fix}",
                node.main.name,
                detail=f"VPC CNI {version}: {why}, so the probe always fails{_CONSEQUENCE.get(probe.kind, '')}.",
            )


def _addresses(argv: list[str]) -> Iterator[tuple[str, int]]:
    """Each `-addr` value given to grpc-health-probe, with the command list item that holds it.

    grpc-health-probe may sit behind a wrapper (`timeout 5 /app/grpc-health-probe ...`).
    """
    for raw in simple_commands(argv):
        start = next(
            (i for i, word in enumerate(raw.argv) if program_name(word) in GRPC_HEALTH_PROBES),
            None,
        )
        if start is None:
            continue
        command = raw.tail(start)
        args = command.argv
        for index, arg in enumerate(args[1:], start=1):
            if arg == "--":
                break
            for flag in ("-addr", "--addr"):
                if arg.startswith(flag + "="):
                    yield arg[len(flag) + 1 :], command.items[index]
                elif arg == flag and index + 1 < len(args):
                    yield args[index + 1], command.items[index]
