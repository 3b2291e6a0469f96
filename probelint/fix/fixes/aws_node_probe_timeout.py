"""aws-node-probe-timeout: set the aws-node probe's timeoutSeconds to `min-timeout-seconds` (10)."""

from __future__ import annotations

from probelint.fix.fixes import FixContext, raise_timeout

RULE = "aws-node-probe-timeout"
SUMMARY = "sets the aws-node probe's timeoutSeconds to min-timeout-seconds (adding the field when it is missing)"


def fix(ctx: FixContext) -> None:
    raise_timeout(ctx, ctx.probe(), int(ctx.options["min-timeout-seconds"]))
