"""Security groups for pods in strict mode without TCP early demux disabled (VPC CNI >= 1.11.0).

With ENABLE_POD_ENI, pods matched by a SecurityGroupPolicy get branch ENIs. In strict mode (the
default; any value but `standard` falls back to it) the kubelet's probe traffic leaves the node and
comes back through the trunk ENI, and with TCP early demux on the kernel drops the replies, so TCP,
HTTP and gRPC probes of those pods fail. AWS: set the mode to `standard` (>= 1.11.0), or set
DISABLE_TCP_EARLY_DEMUX=true on the aws-vpc-cni-init init container (docs/facts.md#aws-node-settings).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import INIT_CONTAINER, find_aws_node, misspelt_demux, parse_bool, shown_value
from probelint.model.workload import Workload

ID = "aws-node-enforcing-mode"
SEVERITY = Severity.ERROR
SUMMARY = (
    "aws-node (VPC CNI >= 1.11) enables pod ENIs in strict mode without DISABLE_TCP_EARLY_DEMUX: "
    "kubelet probes of pods with security groups fail."
)
OPTIONS: Mapping[str, Any] = {}
FIRST_VERSION = (1, 11, 0)


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is None or node.version < FIRST_VERSION:
        return
    main = node.main
    pod_eni = main.env_var("ENABLE_POD_ENI")
    if pod_eni is None or not parse_bool(pod_eni.value):
        return  # unset, false, or from valueFrom (unknown, not wrong)
    mode = main.env_var("POD_SECURITY_GROUP_ENFORCING_MODE")
    if mode is not None and (mode.from_ref or mode.value == "standard"):
        return
    demux = node.init.env_var("DISABLE_TCP_EARLY_DEMUX") if node.init is not None else None
    if demux is not None and (demux.from_ref or parse_bool(demux.value)):
        return
    typo = misspelt_demux(node.init) if node.init is not None and demux is None else ""
    if mode is None:
        loc, state = main.env_loc, "unset, so strict"
    elif mode.value == "strict":
        loc, state = mode.value_loc, '"strict"'
    else:
        loc, state = mode.value_loc, f"{shown_value(mode)}, which the CNI reads as strict"
    short = {"unset, so strict": "unset", '"strict"': "set"}.get(state, "misspelt")
    yield Problem(
        loc,
        f"pod ENI, strict mode ({short}), no DISABLE_TCP_EARLY_DEMUX; "
        f'set POD_SECURITY_GROUP_ENFORCING_MODE: "standard"',
        main.name,
        detail=f"VPC CNI {node.version_text} with ENABLE_POD_ENI=true and POD_SECURITY_GROUP_ENFORCING_MODE "
        f"{state}, while {INIT_CONTAINER} does not set DISABLE_TCP_EARLY_DEMUX=true{typo}"
        f"{node.misplaced_demux_note()}: kubelet TCP, HTTP and gRPC probes of pods with security groups "
        f'fail (connection refused or i/o timeout). Set POD_SECURITY_GROUP_ENFORCING_MODE: "standard", or '
        f'DISABLE_TCP_EARLY_DEMUX: "true" on the {INIT_CONTAINER} init container.',
    )
