"""aws-node-probe-address: point grpc-health-probe's -addr at what the image's CNI version serves."""

from __future__ import annotations

import re

from probelint.fix.fixes import CannotFix, FixContext
from probelint.fix.fixes._strings import like
from probelint.model.awsnode import find_aws_node
from probelint.rules.aws_node_probe_address import TCP_ADDRESS, UNIX_ADDRESS, UNIX_SOCKET_VERSION

RULE = "aws-node-probe-address"
SUMMARY = f"rewrites -addr to {UNIX_ADDRESS} (VPC CNI >= v1.23.0) or {TCP_ADDRESS} (older versions)"

_ADDR_RE = re.compile(r"(?<![\w-])(--?addr)(=|[ \t]+)(['\"]?)([^\s'\"]+)\3")


def fix(ctx: FixContext) -> None:
    node = find_aws_node(ctx.workload)
    if node is None or node.version is None:
        raise CannotFix("the VPC CNI version is unknown")
    wants_unix = node.version >= UNIX_SOCKET_VERSION
    target = UNIX_ADDRESS if wants_unix else TCP_ADDRESS
    path = ctx.path
    item = ctx.editor.get(path)
    if not isinstance(item, str) or not isinstance(path[-1], int):
        raise CannotFix("the finding does not point at a command item")

    def replace(match: re.Match[str]) -> str:
        if match.group(4).startswith("unix:") == wants_unix:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{target}{match.group(3)}"

    rewritten = _ADDR_RE.sub(replace, item)
    if rewritten != item:
        ctx.editor.splice(path, [like(item, rewritten)])
        return
    if item.strip() in ("-addr", "--addr"):
        value_path = (*path[:-1], path[-1] + 1)
        value = ctx.editor.get(value_path)
        if isinstance(value, str):
            ctx.editor.splice(value_path, [like(value, target)])
            return
    raise CannotFix("the -addr value cannot be found in the command")
