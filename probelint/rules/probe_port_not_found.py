"""A probe or hook names a port that its own container does not declare.

The API only checks the name's syntax (docs/facts.md#defaults). At run time the kubelet looks the name up in the
same container's `ports` only; when it is missing, the probe errors with `strconv.Atoi: parsing
"<name>": invalid syntax` and the worker throws the result away, so the probe never changes state
(docs/facts.md#kubelet). A lifecycle hook fails with `couldn't find port`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import MESSAGE_LIMIT, Problem, Severity, clip
from probelint.model.handlers import HandlerUse, handler_uses, port_ref, port_table
from probelint.model.workload import Container, Workload
from probelint.rules._text import short_name
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
            fix = _fix(ref.value, container, table.names)
            yield Problem(
                ref.loc,
                clip(
                    f'{use.label} port "{short_name(ref.value)}" is not a port of this container; {fix}', MESSAGE_LIMIT
                ),
                container.name,
                detail=_detail(use, ref.value, container, table.names),
            )


def _detail(use: HandlerUse, port: str, container: Container, names: list[str]) -> str:
    if use.probe is not None:
        what = (
            f'The kubelet fails with strconv.Atoi: parsing "{port}": invalid syntax and throws the result away: '
            f"{_CONSEQUENCE[use.owner]}."
        )
    else:
        what = f"The hook fails with couldn't find port and {_HOOK_CONSEQUENCE[use.owner]}."
    listed = ", ".join(f'"{n}"' for n in names) if names else "none"
    elsewhere = _declared_elsewhere(port, container)
    other = (
        f' Container "{elsewhere}" declares it, but the kubelet only looks in this container\'s own ports.'
        if elsewhere is not None
        else ""
    )
    return f'{what} Container "{container.name}" declares the port names: {listed}.{other}'


def _fix(port: str, container: Container, names: list[str]) -> str:
    hint = did_you_mean(port, names, "{}")
    if hint:
        return f'did you mean "{short_name(hint)}"?'
    elsewhere = _declared_elsewhere(port, container)
    if elsewhere is not None:
        return f'it is a port of "{short_name(elsewhere)}": declare it here, or probe it there'
    if names:
        return "declare it in ports, or use the port number"
    return "it declares no ports: add it, or use the number"


def _declared_elsewhere(name: str, container: Container) -> str | None:
    for other in container.workload.containers:
        if other is not container and port_table(other).by_name(name) is not None:
            return other.name
    return None
