"""Security groups for pods before VPC CNI 1.11.0 need TCP early demux off in the init container.

Before 1.11.0 there is no `standard` enforcing mode: with ENABLE_POD_ENI the kubelet's probe
traffic to branch-ENI pods goes out and back through the trunk ENI, and with TCP early demux on the
kernel drops the replies, so TCP, HTTP and gRPC probes of those pods fail. Only the aws-vpc-cni-init
init container (image amazon-k8s-cni-init) reads DISABLE_TCP_EARLY_DEMUX (docs/facts.md#aws-node-settings).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import DEMUX_VARIABLE as VARIABLE
from probelint.model.awsnode import INIT_CONTAINER, find_aws_node, misspelt_demux, parse_bool, shown_value
from probelint.model.workload import Workload

ID = "aws-node-tcp-early-demux"
SEVERITY = Severity.ERROR
SUMMARY = (
    "aws-node (VPC CNI < 1.11) enables pod ENIs but its init container does not set "
    "DISABLE_TCP_EARLY_DEMUX=true: kubelet probes of pods with security groups fail."
)
OPTIONS: Mapping[str, Any] = {}
FIRST_POD_ENI_VERSION = (1, 7, 0)  # ENABLE_POD_ENI is not read before this
FIRST_DEMUX_VERSION = (1, 7, 3)  # DISABLE_TCP_EARLY_DEMUX is not read before this
STANDARD_MODE_VERSION = (1, 11, 0)  # from here on, aws-node-enforcing-mode takes over


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is None:
        return
    if not FIRST_POD_ENI_VERSION <= node.version < STANDARD_MODE_VERSION:
        return
    main = node.main
    pod_eni = main.env_var("ENABLE_POD_ENI")
    if pod_eni is None or not parse_bool(pod_eni.value):
        return  # unset, false, or from valueFrom (unknown, not wrong)
    init = node.init
    demux = init.env_var(VARIABLE) if init is not None else None
    if demux is not None and (demux.from_ref or parse_bool(demux.value)):
        return
    if demux is not None:
        loc, state = demux.value_loc, f"sets {VARIABLE} to {shown_value(demux)}"
    elif init is not None:
        loc, state = init.env_loc, f"does not set {VARIABLE}" + misspelt_demux(init)
    else:
        loc, state = main.env_loc, f"is missing, so nothing sets {VARIABLE}"
    upgrade = ""
    if node.version < FIRST_DEMUX_VERSION:
        upgrade = " (it is read from v1.7.3 on: upgrade first)"
    yield Problem(
        loc,
        f"pod ENI on VPC CNI {node.version_text} without {VARIABLE}; "
        f'set it to "true" on {INIT_CONTAINER}{" (v1.7.3+)" if upgrade else ""}',
        init.name if init is not None else main.name,
        detail=f"VPC CNI {node.version_text} with ENABLE_POD_ENI=true, but the {INIT_CONTAINER} init container "
        f"{state}{node.misplaced_demux_note()}: TCP early demux drops the kubelet's probe connections to "
        f"pods with security groups, so their TCP, HTTP and gRPC probes fail (connection refused or i/o "
        f'timeout). Set {VARIABLE}: "true" in the env of {INIT_CONTAINER}{upgrade}.',
    )
