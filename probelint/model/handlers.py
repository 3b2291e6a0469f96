"""Probe and lifecycle handlers in context: who owns them, which port they name, what they check.

The port rules, the scheme rule and `liveness-same-as-readiness` all need the same two things: every
handler of a long-running container together with its owner (a probe or a hook), and the container's
declared ports, resolved the way the kubelet resolves them (pkg/probe/util.go ResolveContainerPort:
the *same* container's `ports[]`, first match by name; docs/facts.md#kubelet).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from probelint.findings import Loc
from probelint.model.cached import cached_property
from probelint.model.workload import LIFECYCLE_HANDLERS, Container, Handler, Probe, handlers_of
from probelint.reading.yamlview import MapView, is_plain_int, scalar_value

HOOKS = ("postStart", "preStop")
TCP = "TCP"

# IsValidPortName (IANA_SVC_NAME): at most 15 of [-a-z0-9], a letter, no "--", no hyphen at either end.
_PORT_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_port_name(text: str) -> bool:
    return len(text) <= 15 and bool(_PORT_NAME_RE.match(text)) and any(c.isalpha() for c in text)


class HandlerUse(NamedTuple):
    """A handler and what runs it: a probe (`probe` is set) or a lifecycle hook."""

    container: Container
    owner: str  # livenessProbe | readinessProbe | startupProbe | postStart | preStop
    handler: Handler
    probe: Probe | None

    @property
    def label(self) -> str:
        """`liveness probe`, `preStop hook`: how messages name the owner."""
        return f"{self.probe.label} probe" if self.probe is not None else f"{self.owner} hook"

    @property
    def is_hook(self) -> bool:
        return self.probe is None


def handler_uses(container: Container) -> Iterator[HandlerUse]:
    """The first handler of every probe, then of every lifecycle hook (a second one is probe-invalid's)."""
    for kind, probe in container.probes.items():
        if probe.handler is not None:
            yield HandlerUse(container, kind, probe.handler, probe)
    lifecycle = container.lifecycle
    if lifecycle is None:
        return
    for hook in HOOKS:
        view = lifecycle.map(hook)
        if view is None:
            continue
        found = handlers_of(view, LIFECYCLE_HANDLERS)
        if found:
            yield HandlerUse(container, hook, found[0], None)


class DeclaredPort(NamedTuple):
    name: str | None
    number: int | None  # None when containerPort is not a plain integer
    protocol: str  # TCP when unset

    def describe(self) -> str:
        number = str(self.number) if self.number is not None else "?"
        return f"{number}/{self.protocol}"


class PortTable:
    """A container's `ports`, and whether we could read all of them (a templated list cannot be)."""

    def __init__(self, container: Container) -> None:
        self.ports: list[DeclaredPort] = []
        # A patch's ports are merged into the base's: what it does not list may still be declared.
        self.certain = not container.workload.partial
        node = container.view.get("ports")
        if node is None or (isinstance(node, ScalarNode) and scalar_value(node) is None):
            return
        if not isinstance(node, SequenceNode):
            self.certain = False
            return
        for item in node.value:
            if not isinstance(item, MappingNode):
                self.certain = False
                continue
            view = MapView(item, "")
            number = view.get_int("containerPort")
            if number is None:
                self.certain = False
            protocol = view.get_str("protocol") or TCP
            self.ports.append(DeclaredPort(view.get_str("name"), number, protocol))

    def __bool__(self) -> bool:
        return bool(self.ports)

    @property
    def names(self) -> list[str]:
        return [port.name for port in self.ports if port.name]

    def by_name(self, name: str) -> DeclaredPort | None:
        """The first port with this name, as the kubelet picks it."""
        for port in self.ports:
            if port.name == name:
                return port
        return None

    def by_number(self, number: int) -> list[DeclaredPort]:
        return [port for port in self.ports if port.number == number]

    def tcp(self, number: int) -> DeclaredPort | None:
        for port in self.by_number(number):
            if port.protocol == TCP:
                return port
        return None

    def describe(self, limit: int = 4) -> str:
        shown = [f"{port.name} ({port.describe()})" if port.name else port.describe() for port in self.ports]
        more = len(shown) - limit
        return ", ".join(shown[:limit]) + (f" and {more} more" if more > 0 else "")


def port_table(container: Container) -> PortTable:
    return PortTable(container)


class PortRef(NamedTuple):
    """The `port` of an httpGet, tcpSocket or grpc handler: a number or a (valid) port name."""

    value: int | str
    loc: Loc

    @property
    def is_name(self) -> bool:
        return isinstance(self.value, str)

    def show(self) -> str:
        return f'"{self.value}"' if isinstance(self.value, str) else str(self.value)


def port_ref(handler: Handler) -> PortRef | None:
    """The handler's port, or None when it is missing or invalid (probe-invalid reports those).

    A quoted number (`"8080"`) is a string without a letter, which the API rejects; so are names that
    break the IANA rules. Neither is a name the kubelet would ever look up.
    """
    node = handler.view.get("port")
    if node is None:
        return None
    loc = handler.view.key_loc("port")
    if is_plain_int(node):
        value = scalar_value(node)
        assert isinstance(value, int)
        return PortRef(value, loc)
    if handler.kind == "grpc":
        return None
    value = scalar_value(node)
    if isinstance(value, str) and getattr(node, "tag", "") == "tag:yaml.org,2002:str" and is_port_name(value):
        return PortRef(value, loc)
    return None


class ResolvedPort(NamedTuple):
    """What a port reference points at: its number and its name, each when known."""

    number: int | None
    name: str | None
    declared: DeclaredPort | None


def resolve_port(ref: PortRef, table: PortTable) -> ResolvedPort:
    if isinstance(ref.value, str):
        declared = table.by_name(ref.value)
        return ResolvedPort(declared.number if declared else None, ref.value, declared)
    declared = table.tcp(ref.value)
    return ResolvedPort(ref.value, declared.name if declared else None, declared)


class Endpoint:
    """What a handler checks, compared semantically: defaults applied, named ports resolved."""

    def __init__(self, use: HandlerUse) -> None:
        self.use = use

    @cached_property
    def key(self) -> tuple[object, ...] | None:
        handler = self.use.handler
        view = handler.view
        if handler.kind == "exec":
            argv = handler.command_strings()
            items = handler.command
            if not argv or items is None or not all(isinstance(item, ScalarNode) for item in items):
                return None
            return ("exec", tuple(argv))
        port = self._port_key()
        if handler.kind == "grpc":
            return ("grpc", port, view.get_str("service") or "")
        host = view.get_str("host") or ""
        if handler.kind == "tcpSocket":
            return ("tcpSocket", port, host)
        if handler.kind != "httpGet":
            return None
        scheme = (view.get_str("scheme") or "HTTP").upper()
        path = view.get_str("path") or "/"
        if not path.startswith("/") and "://" not in path:
            path = "/" + path  # Go's url.URL.String() adds the slash when a host is set
        headers = tuple(
            sorted((h.get_str("name") or "").lower() + ":" + str(h.scalar("value")) for h in view.maps("httpHeaders"))
        )
        return ("httpGet", scheme, port, path, host, headers)

    def _port_key(self) -> object:
        ref = port_ref(self.use.handler)
        if ref is None:
            node = self.use.handler.view.get("port")
            return ("raw", node.value if isinstance(node, ScalarNode) else None)
        resolved = resolve_port(ref, port_table(self.use.container))
        if resolved.number is not None:
            return resolved.number
        return ("name", ref.value)

    def describe(self) -> str:
        handler = self.use.handler
        view = handler.view
        if handler.kind == "exec":
            return "exec " + " ".join(handler.command_strings() or [])
        ref = port_ref(handler)
        port = ref.show() if ref is not None else "?"
        if ref is not None and ref.is_name:
            number = resolve_port(ref, port_table(self.use.container)).number
            port += f" ({number})" if number is not None else ""
        if handler.kind == "httpGet":
            scheme = (view.get_str("scheme") or "HTTP").upper()
            return f"httpGet {scheme} {view.get_str('path') or '/'} on port {port}"
        return f"{handler.kind} on port {port}"
