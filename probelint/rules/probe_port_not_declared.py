"""A probe checks a port number its container does not declare, or one declared only for UDP.

Only information: serving an undeclared port is legal and the kubelet probes it all the same. It is
worth knowing because an undeclared number is easy to get wrong and does not follow when the port
changes, and because httpGet, tcpSocket and grpc probes always connect over TCP. kube-linter reports
the same check as a warning and its users complain about exactly that; here it stays `info`.
Probes that Istio's sidecar injector rewrote (port 15020, path `/app-health/...`) are left alone:
they point at the proxy's agent on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.handlers import HandlerUse, PortTable, handler_uses, port_ref, port_table
from probelint.model.workload import Container, Workload

ID = "probe-port-not-declared"
SEVERITY = Severity.INFO
SUMMARY = "A probe's port number is not among its container's declared ports, or is declared only as UDP."
OPTIONS: Mapping[str, Any] = {}
ISTIO_AGENT_PORT = 15020


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        table = port_table(container)
        if not table or not table.certain:
            continue
        for use in handler_uses(container):
            kind = use.handler.kind
            if kind not in ("httpGet", "tcpSocket", "grpc") or (use.is_hook and kind == "tcpSocket"):
                continue
            ref = port_ref(use.handler)
            if ref is None or _istio_rewritten(use):
                continue
            message = _problem(use, ref.value, container, table)
            if message is not None:
                yield Problem(ref.loc, message, container.name)


def _problem(use: HandlerUse, value: int | str, container: Container, table: PortTable) -> str | None:
    kind = use.handler.kind
    if isinstance(value, str):
        declared = table.by_name(value)
        if declared is None or declared.protocol == "TCP" or declared.number is None:
            return None  # a missing name is probe-port-not-found's
        return (
            f'{use.label} ({kind}) port "{value}" is declared as {declared.describe()}, but the kubelet '
            f"connects over TCP: the probe checks TCP port {declared.number}, which the container does not "
            f"declare; declare the TCP port the server listens on and probe that"
        )
    if table.tcp(value) is not None:
        return None
    other = table.by_number(value)
    if other:
        protocols = "/".join(sorted({port.protocol for port in other}))
        return (
            f"{use.label} ({kind}) port {value} is declared only as {protocols}, but the kubelet connects over "
            f"TCP; declare {value}/TCP if the server listens there, or probe the right port"
        )
    elsewhere = _declared_by_other(value, container)
    if elsewhere is not None:
        return (
            f'{use.label} ({kind}) port {value} is declared by container "{elsewhere}", not by '
            f'"{container.name}": the probe checks that container, so a failure here restarts or unreadies '
            f"the wrong one; probe a port of this container"
        )
    return (
        f'{use.label} ({kind}) port {value} is not among the ports container "{container.name}" declares '
        f"({table.describe()}): legal, but easy to get wrong and it does not follow a port change; "
        f"declare it with a name and probe it by name"
        if kind != "grpc"
        else f'{use.label} (grpc) port {value} is not among the ports container "{container.name}" declares '
        f"({table.describe()}): legal, but easy to get wrong; declare it (grpc probes take numbers only)"
    )


def _istio_rewritten(use: HandlerUse) -> bool:
    """Istio's injector points app probes at its agent (port 15020, `/app-health/...`): by design."""
    view = use.handler.view
    path = view.get_str("path") or ""
    return (
        use.handler.kind == "httpGet" and view.get_int("port") == ISTIO_AGENT_PORT and path.startswith("/app-health/")
    )


def _declared_by_other(number: int, container: Container) -> str | None:
    for other in container.workload.containers:
        if other is not container and port_table(other).tcp(number) is not None:
            return other.name
    return None
