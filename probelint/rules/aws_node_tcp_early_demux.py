"""Security groups for pods before VPC CNI 1.11.0 need TCP early demux off in the init container."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..awsnode import INIT_CONTAINER, find_aws_node, format_version, parse_bool
from ..findings import Problem, Severity
from ..model import Workload

ID = "aws-node-tcp-early-demux"
SEVERITY = Severity.ERROR
SUMMARY = (
    "aws-node (VPC CNI < 1.11) enables pod ENIs but its init container does not set "
    "DISABLE_TCP_EARLY_DEMUX=true: kubelet probes of pods with security groups fail."
)
OPTIONS: Mapping[str, Any] = {}
LAST_VERSION_BEFORE_STANDARD_MODE = (1, 11, 0)


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is None:
        return
    if node.version >= LAST_VERSION_BEFORE_STANDARD_MODE:
        return
    main = node.main
    pod_eni = main.env_var("ENABLE_POD_ENI")
    if pod_eni is None or not parse_bool(pod_eni.value):
        return
    init = node.init
    demux = init.env_var("DISABLE_TCP_EARLY_DEMUX") if init is not None else None
    if demux is not None and (demux.from_ref or parse_bool(demux.value)):
        return
    if demux is not None:
        loc, state = demux.value_loc, f'sets DISABLE_TCP_EARLY_DEMUX to "{demux.value}"'
    elif init is not None:
        loc, state = init.env_loc, "does not set DISABLE_TCP_EARLY_DEMUX"
    else:
        loc, state = main.env_loc, "is missing, so nothing sets DISABLE_TCP_EARLY_DEMUX"
    misplaced = main.env_var("DISABLE_TCP_EARLY_DEMUX")
    note = ""
    if misplaced is not None:
        note = (
            f" (DISABLE_TCP_EARLY_DEMUX on the {main.name} container has no effect: only the "
            f"{INIT_CONTAINER} init container reads it)"
        )
    yield Problem(
        loc,
        f"VPC CNI {format_version(node.version)} with ENABLE_POD_ENI=true, but the {INIT_CONTAINER} init "
        f"container {state}{note}: TCP early demux drops the kubelet's probe connections to pods with "
        f'security groups, so their TCP, HTTP and gRPC probes fail; set DISABLE_TCP_EARLY_DEMUX: "true" '
        f"in the env of {INIT_CONTAINER}",
        init.name if init is not None else main.name,
    )
