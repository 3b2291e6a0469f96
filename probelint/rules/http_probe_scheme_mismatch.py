"""An httpGet probe or hook whose scheme contradicts the port it checks.

HTTPS against a port named or numbered like plain HTTP (`http`, `http-*`, 80, 8080) makes the kubelet
start a TLS handshake that a plain server cannot answer; HTTP against `https`, 443 or 8443 sends
plain text to a TLS server, which answers 400 or drops the connection. A named port is resolved
through the container's `ports` so that its number counts too, and a numbered one picks up the name
it is declared with. When the name and the number disagree (`http` on 8443) nothing is reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.handlers import HandlerUse, handler_uses, port_ref, port_table, resolve_port
from probelint.model.workload import Workload
from probelint.rules._text import short_value

ID = "http-probe-scheme-mismatch"
SEVERITY = Severity.WARNING
SUMMARY = "An httpGet probe uses HTTPS against a plain-HTTP port (http, 80, 8080), or HTTP against a TLS one."
OPTIONS: Mapping[str, Any] = {}

PLAIN_NUMBERS = frozenset({80, 8080})
TLS_NUMBERS = frozenset({443, 8443})
_TLS_WORDS = frozenset({"https", "tls", "ssl"})

_OUTCOME = {
    "readinessProbe": "the container never becomes Ready",
    "livenessProbe": "the container is restarted over and over",
    "startupProbe": "the container is killed before it ever counts as started",
    "postStart": "the hook fails and the kubelet kills the container",
    "preStop": "the hook fails and the container is stopped without it",
}


def name_kind(name: str | None) -> str | None:
    """`tls`, `plain` or None, from a port name's hyphen-separated words (`https-admin`, `http`)."""
    if not name:
        return None
    words = set(name.split("-"))
    if words & _TLS_WORDS:
        return "tls"
    if "http" in words:
        return "plain"
    return None


def number_kind(number: int | None) -> str | None:
    if number in PLAIN_NUMBERS:
        return "plain"
    if number in TLS_NUMBERS:
        return "tls"
    return None


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        table = port_table(container)
        for use in handler_uses(container):
            if use.handler.kind != "httpGet":
                continue
            view = use.handler.view
            scheme = view.get_str("scheme") if "scheme" in view else "HTTP"
            if scheme not in ("HTTP", "HTTPS"):
                continue  # anything else is rejected by the API (probe-invalid)
            ref = port_ref(use.handler)
            if ref is None:
                continue
            resolved = resolve_port(ref, table)
            kinds = {kind for kind in (name_kind(resolved.name), number_kind(resolved.number)) if kind}
            if len(kinds) != 1:
                continue
            port_kind = kinds.pop()
            if (scheme == "HTTPS") == (port_kind == "tls"):
                continue
            loc = view.key_loc("scheme") if "scheme" in view else ref.loc
            port = _describe(resolved.name, resolved.number)
            yield Problem(loc, _message(use, scheme, port), container.name, detail=_detail(use, scheme))


def _describe(name: str | None, number: int | None) -> str:
    if name and number is not None:
        return f'"{short_value(name)}" ({number})'
    return f'"{short_value(name)}"' if name else str(number)


def _message(use: HandlerUse, scheme: str, port: str) -> str:
    written = "scheme: HTTPS" if scheme == "HTTPS" else "HTTP (scheme unset)"
    if "scheme" in use.handler.view and scheme == "HTTP":
        written = "scheme: HTTP"
    if scheme == "HTTPS":
        return f"{use.label} uses {written} on plain-HTTP port {port}; use scheme: HTTP, or the TLS port"
    return f"{use.label} uses {written} on TLS port {port}; set scheme: HTTPS"


def _detail(use: HandlerUse, scheme: str) -> str:
    if scheme == "HTTPS":
        return f'The TLS handshake fails ("http: server gave HTTP response to HTTPS client") and {_OUTCOME[use.owner]}.'
    return (
        f"The server answers plain HTTP with 400 or drops the connection, and {_OUTCOME[use.owner]}. "
        f"The kubelet does not verify the certificate, so HTTPS works with any certificate."
    )
