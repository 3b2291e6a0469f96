"""grpc-health-probe -addr that the aws-node image's ipamd does not listen on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from yaml.nodes import ScalarNode

from ..awsnode import find_aws_node, format_version
from ..commands import GRPC_HEALTH_PROBES, shell_script, simple_commands
from ..findings import Problem, Severity
from ..model import Workload
from ..yamlview import loc_of

ID = "aws-node-probe-address"
SEVERITY = Severity.ERROR
SUMMARY = "An aws-node probe's grpc-health-probe -addr does not match what the CNI version serves."
OPTIONS: Mapping[str, Any] = {}
UNIX_SOCKET_VERSION = (1, 23, 0)
UNIX_ADDRESS = "unix:///var/run/aws-node/ipamd.sock"
TCP_ADDRESS = ":50051"


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is None:
        return
    wants_unix = node.version >= UNIX_SOCKET_VERSION
    version = format_version(node.version)
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
            path = f"{handler.view.path}.command[{item}]" if handler is not None else probe.view.path
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
                f"aws-node {probe.label} probe checks -addr={address}, but {why}: the probe always fails; "
                f"use -addr={fix}",
                node.main.name,
            )


def _addresses(argv: list[str]) -> Iterator[tuple[str, int]]:
    """Each `-addr` value given to grpc-health-probe, with the command item that holds it."""
    for command in simple_commands(argv):
        if command.program not in GRPC_HEALTH_PROBES:
            continue
        args = command.argv
        for index, arg in enumerate(args[1:], start=1):
            for flag in ("-addr", "--addr"):
                if arg.startswith(flag + "="):
                    yield arg[len(flag) + 1 :], _item(command.item, index, argv)
                elif arg == flag and index + 1 < len(args):
                    yield args[index + 1], _item(command.item, index, argv)


def _item(script_item: int, index: int, argv: list[str]) -> int:
    """The command list item holding argument `index`: itself, unless it came from a `sh -c` script."""
    return script_item if shell_script(argv) is not None else index
