"""A probe or hook names a port that its own container does not declare.

The API only checks the name's syntax (docs/facts.md#defaults). At run time the kubelet looks the name up in the
same container's `ports` only; when it is missing, the probe errors with `strconv.Atoi: parsing
"<name>": invalid syntax` and the worker throws the result away, so the probe never changes state
(docs/facts.md#kubelet). A lifecycle hook fails with `couldn't find port`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.handlers import HandlerUse, handler_uses, port_ref, port_table
from probelint.model.workload import Container, Workload
from probelint.suggest import did_you_mean

ID = "probe-port-not-found"
SEVERITY = Severity.ERROR
SUMMARY = "An httpGet or tcpSocket probe or hook names a port that the same container does not declare."
OPTIONS: Mapping[str, Any] = {}

_CONSEQUENCE = {
    "readinessProbe": "readiness starts as failed, so the container never becomes Ready",
    "livenessProbe": "liveness starts as passed, so it never fails and a hung container is never restarted",
    "startupProbe": "the container never counts as started, so it never becomes Ready and its liveness "
    "and readiness probes never run",
}
_HOOK_CONSEQUENCE = {
    "postStart": "the kubelet kills the container (FailedPostStartHook), start after start",
    "preStop": "the container is stopped at once (FailedPreStopHook), without the drain the hook was for",
}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        table = port_table(container)
        if not table.certain:
            continue
        for use in handler_uses(container):
            if use.handler.kind not in ("httpGet", "tcpSocket"):
                continue
            if use.is_hook and use.handler.kind == "tcpSocket":
                continue  # the kubelet never runs tcpSocket hooks, so it never resolves their port
            ref = port_ref(use.handler)
            if ref is None or not isinstance(ref.value, str) or table.by_name(ref.value) is not None:
                continue
            yield Problem(ref.loc, _message(use, ref.value, container, table.names), container.name)


def _message(use: HandlerUse, name: str, container: Container, names: list[str]) -> str:
    if use.probe is not None:
        what = (
            f'{use.label} port "{name}" is not a port of container "{container.name}": the kubelet fails with '
            f'strconv.Atoi: parsing "{name}": invalid syntax and throws the result away; {_CONSEQUENCE[use.owner]}'
        )
    else:
        what = (
            f'{use.label} port "{name}" is not a port of container "{container.name}": the hook fails with '
            f"couldn't find port and {_HOOK_CONSEQUENCE[use.owner]}"
        )
    return f"{what}; {_fix(name, container, names)}"


def _fix(name: str, container: Container, names: list[str]) -> str:
    hint = did_you_mean(name, names, 'did you mean "{}"?')
    if hint:
        return hint
    elsewhere = _declared_elsewhere(name, container)
    if elsewhere is not None:
        return (
            f'container "{elsewhere}" declares it, but the kubelet only looks in this container\'s own ports: '
            f'declare it here if this container serves it, else the check belongs on "{elsewhere}"'
        )
    if names:
        listed = ", ".join(f'"{n}"' for n in names)
        return f"declared names: {listed}; declare {name} in ports or use the port number"
    return f"the container declares no ports: add one named {name} or use the port number"


def _declared_elsewhere(name: str, container: Container) -> str | None:
    for other in container.workload.containers:
        if other is not container and port_table(other).by_name(name) is not None:
            return other.name
    return None
