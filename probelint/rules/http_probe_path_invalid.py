"""An httpGet path that the kubelet will not request the way it reads.

The kubelet builds the URL with `url.Parse(path)` and then overwrites its scheme and host with the
probe's own (pkg/probe/http/request.go formatURL). So:
- whitespace is kept and percent-encoded: `"/health "` requests `/health%20`, which 404s;
- a full URL loses its scheme and host: `http://other:9000/health` requests `/health` on the pod's
  probe port, not the host and port it names; `localhost:8080/health` parses as scheme `localhost`
  and the request has no host at all;
- a relative path (`healthz`) works only because Go's URL printer inserts the slash when a host is
  set; that is a warning, not an error (tools that read or rewrite probes may use it as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.handlers import HandlerUse, handler_uses
from probelint.model.workload import Workload

ID = "http-probe-path-invalid"
SEVERITY = Severity.ERROR
SUMMARY = "An httpGet path does not start with /, contains whitespace, or is a full URL."
OPTIONS: Mapping[str, Any] = {}

_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOST_PORT_RE = re.compile(r"^\[?[A-Za-z0-9.:-]+\]?:\d+(?:/|$)")

_CONSEQUENCE = {
    "readinessProbe": "the container never becomes Ready",
    "livenessProbe": "the container is restarted over and over",
    "startupProbe": "the container is killed before it ever counts as started",
    "postStart": "the hook fails and the kubelet kills the container",
    "preStop": "the hook fails and the container is stopped without it",
}


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    for container in workload.long_running:
        for use in handler_uses(container):
            if use.handler.kind != "httpGet":
                continue
            path = use.handler.view.get_str("path")
            if not path:
                continue  # unset or empty: defaulted to "/"
            problem = _problem(use, path)
            if problem is not None:
                yield problem


def _problem(use: HandlerUse, path: str) -> Problem | None:
    loc = use.handler.view.key_loc("path")
    name = use.container.name
    shown = _show(path)
    if any(char.isspace() for char in path):
        fixed = "".join(path.split())
        return Problem(
            loc,
            f"{use.label} path {shown} contains whitespace: the kubelet requests {_show(_encode_whitespace(path))}, "
            f"which the server answers with 404, so {_CONSEQUENCE[use.owner]}; write {_show(fixed)}",
            name,
        )
    if _URL_RE.match(path):
        rest = path.split("://", 1)[1]
        target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return Problem(
            loc,
            f"{use.label} path {shown} is a URL, not a path: the kubelet keeps only its path and sends it to "
            f"the pod's IP on `port` with `scheme`, so the host and port written here are ignored; "
            f"set path: {_show(target)}, and the port in `port` (a virtual host goes in a Host header)",
            name,
        )
    if _HOST_PORT_RE.match(path):
        target = "/" + path.split("/", 1)[1] if "/" in path else "/"
        return Problem(
            loc,
            f"{use.label} path {shown} starts with a host and port: the kubelet's URL parser reads them as a "
            f'scheme or fails, and the request fails ("http: no Host in request URL" or a 404), so '
            f"{_CONSEQUENCE[use.owner]}; set path: {_show(target)}, and the port in `port`",
            name,
        )
    if not path.startswith("/"):
        return Problem(
            loc,
            f'{use.label} path {shown} does not start with "/": the kubelet works only because Go\'s URL '
            f"printer adds the slash; the field is an absolute path and tools that read or rewrite probes "
            f"may use it as written; write {_show('/' + path)}",
            name,
            Severity.WARNING,
        )
    return None


def _show(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _encode_whitespace(path: str) -> str:
    return "".join(f"%{ord(char):02X}" if char.isspace() else char for char in path)
