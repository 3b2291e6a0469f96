"""liveness-same-as-readiness through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.timing import SAME, container, found


@pytest.mark.parametrize(
    ("readiness", "liveness"),
    [
        # defaults and named ports resolved: scheme HTTP, path "/", http == 8080
        ("httpGet: {port: 8080}", "httpGet: {path: /, port: http, scheme: HTTP}"),
        ("httpGet: {path: health, port: http}", "httpGet: {path: /health, port: http}"),
        ("tcpSocket: {port: http}", "tcpSocket: {port: 8080}"),
        ("grpc: {port: 9090}", "grpc: {port: 9090, service: ''}"),
        ("exec: {command: [cat, /tmp/ready]}", "exec: {command: [cat, /tmp/ready]}"),
    ],
)
def test_same_handler_same_window(lint, readiness: str, liveness: str) -> None:
    manifest = container(
        f"          readinessProbe:\n            {readiness}\n          livenessProbe:\n            {liveness}\n"
    )
    result = lint(manifest, "--select", SAME)
    assert found(result) == [(17, 11, "warning", SAME)]
    assert "on the same check (30s vs 30s); set failureThreshold: 4 (40s > 30s)" in result.stdout
    (why,) = details(lint(manifest, "--select", SAME, "--format", "json"))
    assert "(3 × 10s = 30s vs 3 × 10s = 30s)" in why


def test_liveness_quicker_than_readiness_is_flagged(lint) -> None:
    manifest = container(
        """\
          readinessProbe:
            httpGet: {path: /health, port: http}
            failureThreshold: 6
          livenessProbe:
            httpGet: {path: /health, port: http}
            periodSeconds: 5
            initialDelaySeconds: 120
"""
    )
    result = lint(manifest, "--select", SAME)
    assert found(result) == [(18, 11, "warning", SAME)]  # initialDelaySeconds does not count
    assert "on the same check (15s vs 60s); set failureThreshold: 13 (65s > 60s)" in result.stdout
    (why,) = details(lint(manifest, "--select", SAME, "--format", "json"))
    assert "(3 × 5s = 15s vs 6 × 10s = 60s)" in why


@pytest.mark.parametrize(
    ("readiness", "liveness"),
    [
        # the recommended pattern: same endpoint, liveness more tolerant
        (
            "httpGet: {path: /health, port: http}",
            "httpGet: {path: /health, port: http}\n            failureThreshold: 4",
        ),
        ("httpGet: {path: /health, port: http}", "httpGet: {path: /health, port: http}\n            periodSeconds: 11"),
        # different checks
        ("httpGet: {path: /ready, port: http}", "httpGet: {path: /live, port: http}"),
        ("httpGet: {path: /health, port: http}", "httpGet: {path: /health, port: 9090}"),
        ("httpGet: {path: /health, port: http}", "httpGet: {path: /health, port: http, scheme: HTTPS}"),
        ("httpGet: {path: /health, port: http}", "tcpSocket: {port: http}"),
        (
            "httpGet: {path: /health, port: http}",
            "httpGet:\n              path: /health\n              port: http\n"
            "              httpHeaders: [{name: X-Probe, value: live}]",
        ),
        ("exec: {command: [check, --ready]}", "exec: {command: [check, --live]}"),
        ("grpc: {port: 9090, service: ready}", "grpc: {port: 9090}"),
        # an unresolvable name is not the same port as a number
        ("tcpSocket: {port: admin}", "tcpSocket: {port: 8080}"),
        # placeholders that cannot fail cannot restart anything
        ("exec: {command: [/bin/true]}", "exec: {command: [/bin/true]}"),
        ('exec: {command: [sh, -c, "exit 0"]}', 'exec: {command: [sh, -c, "exit 0"]}'),
    ],
)
def test_not_the_same_or_more_tolerant(lint, readiness: str, liveness: str) -> None:
    manifest = container(
        f"          readinessProbe:\n            {readiness}\n          livenessProbe:\n            {liveness}\n"
    )
    assert found(lint(manifest, "--select", SAME)) == []


def test_same_handler_through_a_yaml_anchor(lint) -> None:
    manifest = container(
        """\
          readinessProbe: &probe
            httpGet: {path: /health, port: http}
          livenessProbe: *probe
"""
    )
    assert found(lint(manifest, "--select", SAME)) == [(17, 11, "warning", SAME)]
