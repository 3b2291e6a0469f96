"""startup-probe-missing: replace the liveness initialDelaySeconds by a startupProbe.

The startupProbe runs the liveness handler every 10 seconds and allows ceil(delay / period) failures,
so a start as slow as the old delay still succeeds, and a faster one is noticed as soon as it happens.
A `timeoutSeconds` written on the liveness probe is copied too (the same check needs the same time);
when it is longer than 10 seconds the period is that timeout, so that the new probe never has a
timeoutSeconds above its periodSeconds (what probe-timeout-exceeds-period reports).
"""

from __future__ import annotations

import math
from typing import Any

from probelint.fix.edits import Copy
from probelint.fix.fixes import CannotFix, FixContext
from probelint.model.workload import PROBE_HANDLERS
from probelint.paths import ObjectPath

RULE = "startup-probe-missing"
SUMMARY = (
    "adds a startupProbe with the liveness handler, periodSeconds: 10 (or the liveness timeoutSeconds when longer) "
    "and a failureThreshold covering the old initialDelaySeconds, and removes initialDelaySeconds from the liveness "
    "probe"
)
PERIOD = 10


def fix(ctx: FixContext) -> None:
    container = ctx.container()
    liveness = container.probe("livenessProbe")
    if liveness is None or container.probe("startupProbe") is not None:
        return
    handlers = [kind for kind in PROBE_HANDLERS if kind in liveness.view]
    if len(handlers) != 1:
        raise CannotFix("the liveness probe does not have exactly one handler to copy")
    delay = liveness.view.get_int("initialDelaySeconds")
    if delay is None:
        raise CannotFix("initialDelaySeconds is not an integer")
    probe_path = ObjectPath.parse(liveness.view.path)
    startup: dict[str, Any] = {handlers[0]: Copy((*probe_path, handlers[0]))}
    timeout = liveness.view.get_int("timeoutSeconds")
    if timeout is not None:
        startup["timeoutSeconds"] = Copy((*probe_path, "timeoutSeconds"))
    period = max(PERIOD, timeout or 0)
    startup["periodSeconds"] = period
    startup["failureThreshold"] = max(1, math.ceil(delay / period))
    ctx.editor.set((*ObjectPath.parse(container.path), "startupProbe"), startup, after="livenessProbe")
    ctx.editor.delete((*probe_path, "initialDelaySeconds"))
