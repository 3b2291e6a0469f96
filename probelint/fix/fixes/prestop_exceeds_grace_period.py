"""prestop-exceeds-grace-period: raise the pod's terminationGracePeriodSeconds above the preStop sleep.

The new grace period is the sleep (rounded up) plus `shutdown-margin-seconds` (15): the time the app
still needs after SIGTERM. A grace period that is already long enough for that is left alone, and a
hook that sleeps forever is not fixed (no grace period covers it).
"""

from __future__ import annotations

import math

from probelint.fix.fixes import CannotFix, FixContext, raise_int
from probelint.model.shell import simple_commands, total_sleep
from probelint.model.workload import Handler
from probelint.paths import ObjectPath
from probelint.reading.yamlview import MapView

RULE = "prestop-exceeds-grace-period"
SUMMARY = "raises the pod's terminationGracePeriodSeconds to the preStop sleep + shutdown-margin-seconds (15)"


def fix(ctx: FixContext) -> None:
    hook = ctx.container().hook("preStop")
    seconds = _sleep_seconds(hook) if hook is not None else None
    if seconds is None:
        raise CannotFix("how long the preStop hook sleeps cannot be read")
    if math.isinf(seconds):
        raise CannotFix("the preStop hook sleeps forever: no grace period covers it; make the sleep end")
    margin = int(ctx.options["shutdown-margin-seconds"])
    pod_spec = ObjectPath.parse(ctx.workload.pod_spec.path)
    raise_int(ctx, (*pod_spec, "terminationGracePeriodSeconds"), math.ceil(seconds) + margin)


def _sleep_seconds(hook: MapView) -> float | None:
    """Seconds the hook sleeps: its `sleep` action, or the sleeps its exec command certainly runs."""
    sleep = hook.map("sleep")
    if sleep is not None:
        seconds = sleep.get_int("seconds")
        return float(seconds) if seconds is not None else None
    exec_view = hook.map("exec")
    argv = Handler("exec", exec_view).command_strings() if exec_view is not None else None
    slept = total_sleep(simple_commands(argv)) if argv else None
    return slept.seconds if slept is not None else None
