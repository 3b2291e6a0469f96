"""Say once when the VPC CNI version cannot be known, instead of guessing.

The version comes from the aws-node image tag, else the amazon-k8s-cni-init image tag, else the
VPC_CNI_VERSION env, else the DaemonSet's app.kubernetes.io/version label (docs/facts.md#aws-node-versions). An image
pinned only by digest, or `latest`, says nothing: the version-dependent rules
(aws-node-enforcing-mode, aws-node-tcp-early-demux, aws-node-probe-address) then stay quiet, and
this finding says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.awsnode import find_aws_node
from probelint.model.workload import Workload
from probelint.rules._text import short_value

ID = "aws-node-version-unknown"
SEVERITY = Severity.INFO
SUMMARY = "The aws-node VPC CNI version cannot be determined, so version-dependent checks were skipped."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    node = find_aws_node(workload)
    if node is None or node.main is None or node.version is not None:
        return
    loc = node.image_loc
    if loc is None:
        return
    image = node.main.image
    yield Problem(
        loc,
        f"VPC CNI version unknown, version checks skipped: image {short_value(image or '(none)')} has no version "
        f"tag; use name:v1.x.y",
        node.main.name,
        detail=f"Cannot tell which VPC CNI version {node.main.name} runs: image {image or '(none)'} has no "
        f"version tag, and neither has the init image, a VPC_CNI_VERSION env or an app.kubernetes.io/version "
        f"label, so the version-dependent aws-node checks were skipped. Use a version tag "
        f"(name:v1.x.y@sha256:... keeps the digest).",
    )
