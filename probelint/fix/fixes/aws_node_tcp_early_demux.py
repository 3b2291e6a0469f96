"""aws-node-tcp-early-demux: turn TCP early demux off where it is read, in the aws-vpc-cni-init container."""

from __future__ import annotations

from probelint.fix.fixes import CannotFix, FixContext
from probelint.fix.fixes._env import set_env
from probelint.model.awsnode import INIT_CONTAINER, find_aws_node

RULE = "aws-node-tcp-early-demux"
SUMMARY = f'sets (or adds) DISABLE_TCP_EARLY_DEMUX: "true" on the {INIT_CONTAINER} init container'


def fix(ctx: FixContext) -> None:
    node = find_aws_node(ctx.workload)
    if node is None or node.init is None:
        raise CannotFix(f"there is no {INIT_CONTAINER} init container to set it on; add it from the CNI's manifest")
    set_env(ctx, node.init, "DISABLE_TCP_EARLY_DEMUX", "true")
