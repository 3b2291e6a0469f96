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
from probelint.rules._text import short_name

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
            found = _problem(use, ref.value, container, table)
            if found is not None:
                yield Problem(ref.loc, found[0], container.name, detail=found[1])


def _problem(use: HandlerUse, value: int | str, container: Container, table: PortTable) -> tuple[str, str] | None:
    """The message and the detail, or None when the port is fine."""
    kind = use.handler.kind
    if isinstance(value, str):
        declared = table.by_name(value)
        if declared is None or declared.protocol == "TCP" or declared.number is None:
            return None  # a missing name is probe-port-not-found's
        return (
            f'{use.label} ({kind}) port "{short_name(value)}" is {declared.describe()}, but probes use TCP; '
            f"probe the TCP port",
            f"The kubelet connects over TCP: the probe checks TCP port {declared.number}, which the container "
            f"does not declare. Declare the TCP port the server listens on and probe that.",
        )
    if table.tcp(value) is not None:
        return None
    other = table.by_number(value)
    if other:
        protocols = "/".join(sorted({port.protocol for port in other}))
        return (
            f"{use.label} ({kind}) port {value} is declared only as {protocols}; declare {value}/TCP or probe "
            f"the right port",
            f"The kubelet connects over TCP. Declare {value}/TCP if the server listens there, or probe the right port.",
        )
    elsewhere = _declared_by_other(value, container)
    if elsewhere is not None:
        return (
            f'{use.label} ({kind}) port {value} belongs to container "{short_name(elsewhere)}"; probe a port of '
            f"this one",
            f'The port is declared by container "{elsewhere}", not by "{container.name}": the probe checks that '
            f"container's port, so it restarts this container for the other one's failure (liveness), or keeps "
            f"the whole pod unready because of it (readiness: the pod is Ready only when every container is).",
        )
    if kind == "grpc":
        return (
            f"{use.label} (grpc) port {value} is not a declared port; declare it (grpc probes take numbers only)",
            f'Container "{container.name}" declares {table.describe()}. Probing an undeclared port is legal, '
            f"but easy to get wrong.",
        )
    return (
        f"{use.label} ({kind}) port {value} is not a declared port; declare it with a name and probe the name",
        f'Container "{container.name}" declares {table.describe()}. Probing an undeclared port is legal, but '
        f"easy to get wrong, and the probe does not follow a port change.",
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
