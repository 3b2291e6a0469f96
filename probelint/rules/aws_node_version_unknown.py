"""Say once when the VPC CNI version cannot be known, instead of guessing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..awsnode import find_aws_node
from ..findings import Problem, Severity
from ..model import Workload

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
    yield Problem(
        loc,
        f"cannot tell which VPC CNI version {node.main.name} runs (image {node.main.image or 'unset'} has no "
        f"version tag, and there is no VPC_CNI_VERSION env or app.kubernetes.io/version label): the "
        f"version-dependent aws-node checks were skipped; pin the image to a version tag",
        node.main.name,
    )
