"""probe-port-not-found through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.handlers import NOT_FOUND, found, pod

PORT_TYPO = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
          readinessProbe:
            httpGet: {path: /ready, port: htpp}
          livenessProbe:
            tcpSocket:
              port: metric
          startupProbe:
            httpGet:
              path: /
              port: admin
          lifecycle:
            preStop:
              httpGet: {path: /drain, port: drain}
            postStart:
              tcpSocket: {port: nowhere}
"""


def test_port_not_found_on_every_probe_and_http_hook(lint) -> None:
    result = lint(PORT_TYPO, "--select", NOT_FOUND)
    assert found(result) == [
        (17, 37, "error", NOT_FOUND),
        (20, 15, "error", NOT_FOUND),
        (24, 15, "error", NOT_FOUND),
        (27, 39, "error", NOT_FOUND),
    ]
    ready, live, startup, hook = result.lines
    assert 'did you mean "http"?' in ready
    assert 'did you mean "metrics"?' in live
    assert 'startup probe port "admin" is not a port of this container; declare it in ports' in startup
    assert 'preStop hook port "drain" is not a port of this container' in hook
    why = details(lint(PORT_TYPO, "--select", NOT_FOUND, "--format", "json"))
    assert 'strconv.Atoi: parsing "htpp": invalid syntax' in why[0]
    assert "never becomes Ready" in why[0]
    assert "a hung container is never restarted" in why[1]
    assert "never counts as started" in why[2]
    assert 'declares the port names: "http", "metrics"' in why[2]
    assert "couldn't find port" in why[3]
    assert "FailedPreStopHook" in why[3]
    assert result.code == 1


def test_port_declared_by_another_container_is_still_not_found(lint) -> None:
    manifest = pod(
        """\
    - name: app
      image: x
      livenessProbe:
        httpGet: {path: /, port: admin}
    - name: proxy
      image: envoy
      ports: [{name: admin, containerPort: 9901}]
"""
    )
    result = lint(manifest, "--select", NOT_FOUND)
    assert found(result) == [(10, 28, "error", NOT_FOUND)]
    assert 'it is a port of "proxy": declare it here, or probe it there' in result.stdout
    assert "declares no ports" not in result.stdout
    (why,) = details(lint(manifest, "--select", NOT_FOUND, "--format", "json"))
    assert 'Container "proxy" declares it' in why


def test_port_not_found_without_any_ports(lint) -> None:
    manifest = pod("    - name: app\n      image: x\n      readinessProbe:\n        httpGet: {port: web}\n")
    result = lint(manifest, "--select", NOT_FOUND)
    assert found(result) == [(10, 19, "error", NOT_FOUND)]
    assert result.lines[0] == (
        'example.yaml:10:19: error probe-port-not-found readiness probe port "web" is not a port of this container; '
        "it declares no ports: add it, or use the number (Pod/p[app])"
    )
    assert "…" not in result.stdout
    (why,) = details(lint(manifest, "--select", NOT_FOUND, "--format", "json"))
    assert 'Container "app" declares the port names: none.' in why


@pytest.mark.parametrize(
    "probe",
    [
        "httpGet: {port: http}",  # declared
        "httpGet: {port: 8080}",  # a number
        'httpGet: {port: "8080"}',  # a quoted number: rejected by the API, probe-invalid's
        "httpGet: {port: Http}",  # not a valid port name: probe-invalid's
        "grpc: {port: 8080}",  # grpc takes numbers only
        "exec: {command: [true]}",
    ],
)
def test_port_not_found_leaves_alone(lint, probe: str) -> None:
    manifest = pod(
        f"    - name: app\n      image: x\n      ports: [{{name: http, containerPort: 8080}}]\n"
        f"      readinessProbe:\n        {probe}\n"
    )
    assert found(lint(manifest, "--select", NOT_FOUND)) == []


def test_port_not_found_skips_unreadable_ports_and_plain_init_containers(lint) -> None:
    manifest = pod(
        """\
    - name: templated
      image: x
      ports: "{{ .Values.ports }}"
      readinessProbe:
        httpGet: {port: http}
""",
        """\
  initContainers:
    - name: setup
      image: x
      readinessProbe:
        httpGet: {port: http}
    - name: sidecar
      image: x
      restartPolicy: Always
      readinessProbe:
        httpGet: {port: http}
""",
    )
    # Only the sidecar is long-running and readable.
    assert found(lint(manifest, "--select", NOT_FOUND)) == [(15, 19, "error", NOT_FOUND)]
