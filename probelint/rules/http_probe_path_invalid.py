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
from probelint.rules._text import short_value

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
            f"{use.label} path {_show(short_value(path))} contains whitespace, so the server answers 404; "
            f"write {_show(short_value(fixed))}",
            name,
            detail=f"The kubelet requests {_show(_encode_whitespace(path))}, which the server answers with 404, "
            f"so {_CONSEQUENCE[use.owner]}.",
        )
    if _URL_RE.match(path):
        rest = path.split("://", 1)[1]
        target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return Problem(
            loc,
            f"{use.label} path {_show(short_value(path))} is a URL, not a path; set path: {_show(short_value(target))}",
            name,
            detail=f"The kubelet keeps only the path of {shown} and sends it to the pod's IP on `port` with "
            f"`scheme`, so the host and port written here are ignored. Put the port in `port` (a virtual host "
            f"goes in a Host header).",
        )
    if _HOST_PORT_RE.match(path):
        target = "/" + path.split("/", 1)[1] if "/" in path else "/"
        return Problem(
            loc,
            f"{use.label} path {_show(short_value(path))} starts with a host and port; set path: "
            f"{_show(short_value(target))}, the port in `port`",
            name,
            detail=f"The kubelet's URL parser reads the host and port of {shown} as a scheme or fails, and the "
            f'request fails ("http: no Host in request URL" or a 404), so {_CONSEQUENCE[use.owner]}.',
        )
    if not path.startswith("/"):
        return Problem(
            loc,
            f'{use.label} path {_show(short_value(path))} does not start with "/"; '
            f"write {_show(short_value('/' + path))}",
            name,
            Severity.WARNING,
            detail="The kubelet works only because Go's URL printer adds the slash; the field is an absolute "
            "path and tools that read or rewrite probes may use it as written.",
        )
    return None


def _show(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _encode_whitespace(path: str) -> str:
    return "".join(f"%{ord(char):02X}" if char.isspace() else char for char in path)
