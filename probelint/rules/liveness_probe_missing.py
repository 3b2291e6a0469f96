"""A long-running container without a liveness probe: nothing restarts it when it hangs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.workload import Workload
from probelint.rules._missing import containers_lacking, declares_ports, idle_problem, idles

ID = "liveness-probe-missing"
SEVERITY = Severity.WARNING
SUMMARY = "A long-running container (not a Job, CronJob, Helm hook or run-once Pod) has no livenessProbe."
OPTIONS: Mapping[str, Any] = {}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in containers_lacking(workload, "livenessProbe"):
        if idles(container):
            yield idle_problem(container, "livenessProbe")
            continue
        # A container without ports usually has no endpoint to ask; say how to probe it anyway.
        if declares_ports(container):
            short, how = (
                "a cheap endpoint",
                "a cheap endpoint that checks only the process itself, not its dependencies",
            )
        else:
            short = "a heartbeat check"
            how = "an exec command that checks a heartbeat the process keeps fresh (it declares no ports)"
        yield Problem(
            container.name_loc,
            f"container has no livenessProbe, so a hang is never restarted; add one on {short}",
            container.name,
            detail=f"If the container hangs without exiting (deadlock, stuck event loop), the kubelet never "
            f"restarts it. Add a livenessProbe on {how}, tolerant enough (failureThreshold x periodSeconds) to "
            f"ride out a slow moment.",
        )
