"""http-probe-host-set through the command line: rule id, line, column and message."""

from __future__ import annotations

from tests.support import details
from tests.support.handlers import HOST, found, pod

HOSTS = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: x
      readinessProbe:
        httpGet: {host: web.default.svc, port: 8080}
      livenessProbe:
        tcpSocket: {host: 127.0.0.1, port: 8080}
      startupProbe:
        httpGet: {host: "$(POD_IP)", port: 8080}
      lifecycle:
        preStop:
          httpGet: {host: "", port: 8080}
        postStart:
          httpGet: {host: localhost, port: 8080}
"""


def test_host_set(lint) -> None:
    result = lint(HOSTS, "--select", HOST)
    assert found(result) == [
        (10, 19, "warning", HOST),
        (12, 21, "warning", HOST),
        (14, 19, "warning", HOST),
        (19, 21, "warning", HOST),
    ]
    assert [line.split(" warning http-probe-host-set ")[1] for line in result.lines] == [
        'readiness probe sets host: "web.default.svc", so the kubelet checks that host, not the pod; '
        "remove host (Pod/p[app])",
        'liveness probe sets host: "127.0.0.1", so the kubelet checks that host, not the pod; remove host (Pod/p[app])',
        'startup probe sets host: "$(POD_IP)", so the kubelet checks that host, not the pod; remove host (Pod/p[app])',
        'postStart hook sets host: "localhost", so the kubelet checks that host, not the pod; remove host (Pod/p[app])',
    ]
    service, loopback, variable, hook = details(lint(HOSTS, "--select", HOST, "--format", "json"))
    assert "does not resolve from the node" in service
    assert "rejects it from v1.34" in service
    assert "where 127.0.0.1 is the node, not the pod" in loopback
    assert "v1.34" not in loopback
    assert "does not expand $(VAR)" in variable
    assert "only 127.0.0.1 and ::1 are allowed" in hook


def test_host_network_may_probe_loopback(lint) -> None:
    manifest = pod(
        """\
    - name: agent
      image: x
      readinessProbe:
        httpGet: {host: 127.0.0.1, port: 9099}
      livenessProbe:
        httpGet: {host: localhost, port: 9099}
      startupProbe:
        tcpSocket: {host: 10.0.0.1, port: 9099}
""",
        "  hostNetwork: true\n",
    )
    result = lint(manifest, "--select", HOST)
    assert found(result) == [(15, 21, "warning", HOST)]
    assert 'startup probe sets host: "10.0.0.1", so the kubelet checks that host, not the pod' in result.stdout
    (why,) = details(lint(manifest, "--select", HOST, "--format", "json"))
    assert "unless the host is the node it runs on" in why
