"""aws-node-enforcing-mode: run security groups for pods in standard mode."""

from __future__ import annotations

from probelint.fix.fixes import CannotFix, FixContext
from probelint.fix.fixes._env import set_env
from probelint.model.awsnode import find_aws_node

RULE = "aws-node-enforcing-mode"
SUMMARY = 'sets (or adds) POD_SECURITY_GROUP_ENFORCING_MODE: "standard" on the aws-node container'


def fix(ctx: FixContext) -> None:
    node = find_aws_node(ctx.workload)
    if node is None or node.main is None:
        raise CannotFix("the aws-node container cannot be found")
    set_env(ctx, node.main, "POD_SECURITY_GROUP_ENFORCING_MODE", "standard")
