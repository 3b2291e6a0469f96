"""`host` on an httpGet or tcpSocket probe or hook: the kubelet checks that host instead of the pod.

Without `host` the kubelet connects to the pod's IP. With it, it connects to whatever the name or
address means from the *node's* network namespace (docs/facts.md#kubelet): `127.0.0.1` is the node itself, and
a Service DNS name does not resolve there. The one setting that works as intended is a loopback
address on a `hostNetwork` pod, whose network namespace is the node's; control-plane and CNI pods
use it for servers that listen on localhost only. Pod Security's baseline level (v1.34, KEP-4940,
check `probeHost`) rejects every other value except `127.0.0.1` and `::1`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from probelint.findings import Problem, Severity
from probelint.model.handlers import HandlerUse, handler_uses
from probelint.model.workload import Workload
from probelint.rules._text import short_value

ID = "http-probe-host-set"
SEVERITY = Severity.WARNING
SUMMARY = "An httpGet or tcpSocket probe or hook sets `host`, so the kubelet checks that host instead of the pod."
OPTIONS: Mapping[str, Any] = {}

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "[::1]"})
POD_SECURITY_ALLOWED = frozenset({"127.0.0.1", "::1"})  # KEP-4940


def check(workload: Workload, options: Mapping[str, Any]) -> Iterator[Problem]:
    host_network = workload.pod_spec.scalar("hostNetwork") is True
    for container in workload.long_running:
        for use in handler_uses(container):
            if use.handler.kind not in ("httpGet", "tcpSocket"):
                continue
            host = use.handler.view.get_str("host")
            if not host:
                continue
            if host_network and host.lower() in LOOPBACK:
                continue
            yield Problem(
                use.handler.view.key_loc("host"),
                f'{use.label} sets host: "{short_value(host)}", so the kubelet checks that host, not the pod; '
                f"remove host",
                container.name,
                detail=_detail(use, host, host_network),
            )


def _detail(use: HandlerUse, host: str, host_network: bool) -> str:
    if "$(" in host:
        why = "the kubelet does not expand $(VAR) references in host, so it connects to that literal name"
    elif host.lower() in LOOPBACK:
        why = (
            f"the kubelet connects from the node's network namespace, where {host} is the node, not the pod, "
            f"so the check says nothing about this container"
        )
    elif host_network:
        why = "the check says nothing about this container unless the host is the node it runs on"
    else:
        why = (
            "the check says nothing about this container, and a Service or cluster DNS name does not "
            "resolve from the node"
        )
    fix = ""
    if use.handler.kind == "httpGet":
        fix = " For a virtual host, send an httpHeaders Host header instead."
    policy = ""
    if host not in POD_SECURITY_ALLOWED:
        policy = " Pod Security's baseline level rejects it from v1.34 (only 127.0.0.1 and ::1 are allowed)."
    return f"{why[0].upper()}{why[1:]}.{fix}{policy}"
