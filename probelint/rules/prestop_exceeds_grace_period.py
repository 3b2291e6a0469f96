"""A preStop hook that sleeps through the whole termination grace period."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from ..commands import format_seconds, simple_commands, total_sleep
from ..findings import Problem, Severity
from ..model import Handler, Workload
from ..yamlview import Loc, MapView

ID = "prestop-exceeds-grace-period"
SEVERITY = Severity.ERROR
SUMMARY = "A preStop hook sleeps as long as or longer than terminationGracePeriodSeconds."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    grace = workload.termination_grace_period()
    if grace is None:
        return
    for container in workload.long_running:
        hook = container.hook("preStop")
        if hook is None:
            continue
        found = _sleep_of(hook)
        if found is None or found[0] < grace:
            continue
        seconds, loc = found
        unset = "" if "terminationGracePeriodSeconds" in workload.pod_spec else " (unset: 30)"
        slept = "forever" if math.isinf(seconds) else f"{format_seconds(seconds)}s"
        yield Problem(
            loc,
            f"preStop sleeps {slept} but terminationGracePeriodSeconds is {grace}{unset}: the hook uses up the "
            f"grace period, then the app gets SIGTERM with only 2s left before SIGKILL; raise "
            f"terminationGracePeriodSeconds above the sleep plus the app's shutdown time, or sleep less",
            container.name,
        )


def _sleep_of(hook: MapView) -> tuple[float, Loc] | None:
    sleep = hook.map("sleep")
    if sleep is not None:
        seconds = sleep.get_int("seconds")
        return (float(seconds), sleep.key_loc("seconds")) if seconds is not None else None
    exec_view = hook.map("exec")
    if exec_view is None:
        return None
    argv = Handler("exec", exec_view).command_strings()
    if not argv:
        return None
    slept = total_sleep(simple_commands(argv))
    if slept is None:
        return None
    return slept[0], exec_view.key_loc("command")
