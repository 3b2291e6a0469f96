"""probe-port-not-declared through the command line: rule id, line, column and message."""

from __future__ import annotations

from tests.support import details
from tests.support.handlers import NOT_DECLARED, found, pod

UNDECLARED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
spec:
  template:
    spec:
      containers:
        - name: app
          image: x
          ports:
            - {name: http, containerPort: 8080}
            - {name: dns-udp, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
            - {name: stats, containerPort: 8125, protocol: UDP}
          readinessProbe:
            httpGet: {path: /ready, port: 9090}
          livenessProbe:
            tcpSocket: {port: 53}
          startupProbe:
            grpc: {port: 8125}
          lifecycle:
            preStop:
              httpGet: {path: /drain, port: stats}
        - name: quiet
          image: x
          readinessProbe:
            httpGet: {path: /ready, port: 7070}
"""


def test_port_not_declared_is_info(lint) -> None:
    result = lint(UNDECLARED, "--select", NOT_DECLARED)
    assert found(result) == [
        (17, 37, "info", NOT_DECLARED),
        (21, 20, "info", NOT_DECLARED),
        (24, 39, "info", NOT_DECLARED),
    ]
    undeclared, grpc, hook = result.lines
    assert "readiness probe (httpGet) port 9090 is not a declared port; declare it with a name" in undeclared
    assert "startup probe (grpc) port 8125 is declared only as UDP; declare 8125/TCP" in grpc
    assert 'preStop hook (httpGet) port "stats" is 8125/UDP, but probes use TCP; probe the TCP port' in hook
    why = details(lint(UNDECLARED, "--select", NOT_DECLARED, "--format", "json"))
    assert "http (8080/TCP)" in why[0]
    assert "The kubelet connects over TCP" in why[1]
    assert "which the container does not declare" in why[2]
    assert result.code == 0  # info does not fail a run


def test_port_not_declared_lists_a_few_ports(lint) -> None:
    ports = ", ".join(f"{{containerPort: {number}}}" for number in range(9001, 9007))
    manifest = pod(
        f"    - name: app\n      image: x\n      ports: [{ports}]\n"
        "      readinessProbe:\n        tcpSocket: {port: 80}\n"
    )
    result = lint(manifest, "--select", NOT_DECLARED)
    assert found(result) == [(11, 21, "info", NOT_DECLARED)]
    assert "readiness probe (tcpSocket) port 80 is not a declared port" in result.stdout
    (why,) = details(lint(manifest, "--select", NOT_DECLARED, "--format", "json"))
    assert 'Container "app" declares 9001/TCP, 9002/TCP, 9003/TCP, 9004/TCP and 2 more.' in why


def test_port_not_declared_leaves_istio_rewritten_probes_alone(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /app-health/app/readyz, port: 15020}
      livenessProbe:
        httpGet: {path: /healthz, port: 15020}
"""
    )
    assert found(lint(manifest, "--select", NOT_DECLARED)) == [(13, 35, "info", NOT_DECLARED)]


def test_port_declared_by_another_container(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {port: 9901}
    - name: proxy
      image: envoy
      ports: [{name: admin, containerPort: 9901}]
"""
    )
    result = lint(manifest, "--select", NOT_DECLARED)
    assert found(result) == [(11, 19, "info", NOT_DECLARED)]
    assert 'readiness probe (httpGet) port 9901 belongs to container "proxy"; probe a port of this one' in result.stdout
    (why,) = details(lint(manifest, "--select", NOT_DECLARED, "--format", "json"))
    assert 'declared by container "proxy", not by "app"' in why


def test_port_declared_by_another_container_explains_pod_wide_readiness(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      ports: [{containerPort: 8080}]
      readinessProbe:
        httpGet: {port: 9901}
    - name: proxy
      image: envoy
      ports: [{name: admin, containerPort: 9901}]
"""
    )
    result = lint(manifest, "--select", NOT_DECLARED, "--format", "json")
    assert "the pod is Ready only when every container is" in result.stdout
    assert "wrong one" not in result.stdout
