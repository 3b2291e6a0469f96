"""probe-timeout-too-low: set timeoutSeconds to the rule's minimum (`min-timeout-seconds`, 2)."""

from __future__ import annotations

from probelint.fix.fixes import FixContext, raise_timeout

RULE = "probe-timeout-too-low"
SUMMARY = "sets the probe's timeoutSeconds to min-timeout-seconds (adding the field when it is missing)"


def fix(ctx: FixContext) -> None:
    raise_timeout(ctx, ctx.probe(), int(ctx.options["min-timeout-seconds"]))
