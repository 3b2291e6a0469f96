"""A preStop hook that sleeps through the whole termination grace period.

The preStop hook and the app's SIGTERM handling share one budget, `terminationGracePeriodSeconds`
(30 when unset). The kubelet runs the hook first; whatever it uses is gone, and when it uses
everything the app gets SIGTERM with only the kubelet's 2-second floor left before SIGKILL
(docs/facts.md#termination).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Loc, Problem, Severity
from probelint.model.shell import format_seconds, simple_commands, total_sleep
from probelint.model.workload import Handler, Workload
from probelint.reading.yamlview import MapView

ID = "prestop-exceeds-grace-period"
SEVERITY = Severity.ERROR
SUMMARY = "A preStop hook sleeps as long as or longer than terminationGracePeriodSeconds."
# Used by its fix (probelint/fix/fixes): the time the app still needs after SIGTERM.
OPTIONS: Mapping[str, Any] = {"shutdown-margin-seconds": 15}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    grace = workload.termination_grace_period()
    if grace is None or grace < 0:
        return
    if workload.pod_spec.scalar("terminationGracePeriodSeconds") is not None:
        grace_text = f"the grace period is {grace}s"
    else:
        grace_text = f"the grace period is unset, so {grace}s"
    for container in workload.long_running:
        hook = container.hook("preStop")
        if hook is None:
            continue
        found = _sleep_of(hook)
        if found is None:
            continue
        seconds, loc, is_action = found
        if seconds <= 0 or seconds < grace:
            continue
        slept = "forever" if math.isinf(seconds) else f"{format_seconds(seconds)}s"
        rejected = ""
        if is_action and seconds > grace:
            rejected = " (the API server rejects a sleep action longer than the grace period)"
        yield Problem(
            loc,
            f"preStop sleeps {slept} but {grace_text}; raise terminationGracePeriodSeconds, or sleep less",
            container.name,
            detail=f"The hook uses up the grace period, then the app gets SIGTERM with only 2s left before "
            f"SIGKILL{rejected}. Raise terminationGracePeriodSeconds above the sleep plus the app's shutdown "
            f"time, or sleep less.",
        )


def _sleep_of(hook: MapView) -> tuple[float, Loc, bool] | None:
    """Seconds the hook sleeps, where to point, and whether it is the `sleep` action."""
    sleep = hook.map("sleep")
    if sleep is not None:
        seconds = sleep.get_int("seconds")
        return (float(seconds), sleep.key_loc("seconds"), True) if seconds is not None else None
    exec_view = hook.map("exec")
    if exec_view is None:
        return None
    argv = Handler("exec", exec_view).command_strings()
    if not argv:
        return None
    slept = total_sleep(simple_commands(argv))
    if slept is None:
        return None
    return slept.seconds, exec_view.key_loc("command"), False
