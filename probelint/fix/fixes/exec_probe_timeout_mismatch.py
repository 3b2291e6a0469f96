"""exec-probe-timeout-mismatch: give the kubelet's timeout one second more than the command's own limit.

The command's limit plus one second leaves room for starting the process in the container. When that
would exceed periodSeconds but the limit itself does not, the limit rounded up is used instead (it
still passes); when even that exceeds the period, nothing is changed.
"""

from __future__ import annotations

import math

from probelint.fix.fixes import CannotFix, FixContext, raise_timeout
from probelint.model.shell import time_limit

RULE = "exec-probe-timeout-mismatch"
SUMMARY = "sets timeoutSeconds to the command's own time limit + 1 (the limit itself when +1 would pass periodSeconds)"


def fix(ctx: FixContext) -> None:
    probe = ctx.probe()
    handler = probe.handler
    argv = handler.command_strings() if handler is not None else None
    limit = time_limit(argv) if argv else None
    if limit is None:
        raise CannotFix("the command's time limit cannot be read")
    needed = math.ceil(limit.seconds)
    period = probe.effective("periodSeconds") or 10
    raise_timeout(ctx, probe, needed + 1 if needed + 1 <= period else needed)
