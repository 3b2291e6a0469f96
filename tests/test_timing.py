"""Timing rules through the command line: effective values, exact positions, options, and kube-score's
identical-probe fixtures (flagged only when liveness gives up no later than readiness)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, needs_corpus, run_cli

EXCEEDS = "probe-timeout-exceeds-period"
AGGRESSIVE = "liveness-too-aggressive"
SAME = "liveness-same-as-readiness"


def found(result) -> list[tuple[int, int, str, str]]:
    rows = []
    for line in result.lines:
        where, severity, rule = line.split(" ")[:3]
        _, row, column, _ = where.split(":")
        rows.append((int(row), int(column), severity, rule))
    return rows


def container(probes: str, ports: str = "[{name: http, containerPort: 8080}]") -> str:
    """A Deployment with one container `app`; `probes` is indented by ten spaces and starts at line 15."""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
        - name: app
          ports: {ports}
{probes}"""


# --- probe-timeout-exceeds-period ---------------------------------------------------------------------


def test_timeout_exceeds_period(lint) -> None:
    manifest = container(
        """\
          readinessProbe:
            httpGet: {path: /ready, port: http}
            timeoutSeconds: 5
            periodSeconds: 3
          livenessProbe:
            httpGet: {path: /live, port: http}
            timeoutSeconds: 11
          startupProbe:
            tcpSocket: {port: http}
            timeoutSeconds: 10
"""
    )
    result = lint(manifest, "--select", EXCEEDS)
    assert found(result) == [(17, 13, "warning", EXCEEDS), (21, 13, "warning", EXCEEDS)]
    ready, live = result.lines
    assert "timeoutSeconds 5 is longer than periodSeconds 3:" in ready
    assert "gives up after 3 × 5s = 15s instead of 9s" in ready
    assert "periodSeconds 10 (unset: 10)" in live  # the default period counts; 10 = 10 is fine (startup)


@pytest.mark.parametrize(
    "timing",
    [
        "timeoutSeconds: 0\n            periodSeconds: 1",  # 0 is the default, 1
        "timeoutSeconds: 10",
        "timeoutSeconds: 20\n            periodSeconds: 20",
        'timeoutSeconds: "30"',  # not an integer: probe-invalid's
    ],
)
def test_timeout_within_period(lint, timing: str) -> None:
    manifest = container(f"          readinessProbe:\n            tcpSocket: {{port: http}}\n            {timing}\n")
    assert found(lint(manifest, "--select", EXCEEDS)) == []


# --- liveness-too-aggressive --------------------------------------------------------------------------


def test_liveness_too_aggressive_at_failure_threshold_or_probe(lint) -> None:
    manifest = container(
        """\
          livenessProbe:
            httpGet: {path: /live, port: http}
            periodSeconds: 3
""",
    )
    result = lint(manifest, "--select", AGGRESSIVE)
    assert found(result) == [(15, 11, "warning", AGGRESSIVE)]  # failureThreshold unset: the probe's key
    assert "failureThreshold unset (3) × periodSeconds 3s = 9s" in result.stdout
    assert "set failureThreshold: 4 (12s) or more" in result.stdout

    manifest = container(
        """\
          livenessProbe:
            httpGet: {path: /live, port: http}
            periodSeconds: 2
            failureThreshold: 1
"""
    )
    result = lint(manifest, "--select", AGGRESSIVE)
    assert found(result) == [(18, 13, "warning", AGGRESSIVE)]
    assert "failureThreshold 1 × periodSeconds 2s = 2s" in result.stdout


def test_liveness_too_aggressive_option(lint, tmp_path: Path) -> None:
    manifest = container(
        """\
          livenessProbe:
            httpGet: {path: /live, port: http}
            periodSeconds: 10
            failureThreshold: 3
"""
    )
    assert found(lint(manifest, "--select", AGGRESSIVE)) == []
    (tmp_path / ".probelint.yaml").write_text(f"rules:\n  {AGGRESSIVE}:\n    min-failure-window-seconds: 60\n")
    result = lint(manifest, "--select", AGGRESSIVE)
    assert found(result) == [(18, 13, "warning", AGGRESSIVE)]
    assert "set failureThreshold: 6 (60s) or more" in result.stdout


@pytest.mark.parametrize(
    "probe",
    [
        "readinessProbe:\n            tcpSocket: {port: http}\n            periodSeconds: 1",  # not liveness
        "livenessProbe:\n            tcpSocket: {port: http}",  # 3 × 10 s
        "livenessProbe:\n            tcpSocket: {port: http}\n            periodSeconds: 5\n"
        "            failureThreshold: 2",  # exactly 10 s
    ],
)
def test_liveness_tolerant_enough(lint, probe: str) -> None:
    assert found(lint(container(f"          {probe}\n"), "--select", AGGRESSIVE)) == []


# --- liveness-same-as-readiness -----------------------------------------------------------------------


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
    assert "(3 × 10s = 30s vs 3 × 10s = 30s)" in result.stdout
    assert "failureThreshold: 4 (40s > 30s)" in result.stdout


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
    assert "(3 × 5s = 15s vs 6 × 10s = 60s)" in result.stdout
    assert "failureThreshold: 13 (65s > 60s)" in result.stdout


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


# --- peers: kube-score's identical-probe fixtures (../shared/corpus/peers/EXPECTATIONS.md) -------------

KUBE_SCORE = CORPUS / "peers" / "zegl__kube-score" / "score" / "testdata"


@needs_corpus()
@pytest.mark.skipif(not KUBE_SCORE.is_dir(), reason="kube-score fixtures are not available")
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # Identical handlers with default (equal) windows: liveness gives up no later than readiness.
        ("pod-probes-identical-http.yaml", [(15, 5, "warning", SAME)]),
        ("pod-probes-identical-tcp.yaml", [(14, 5, "warning", SAME)]),
        ("pod-probes-identical-exec.yaml", [(16, 5, "warning", SAME)]),
        ("pod-probes-both.yaml", []),
    ],
)
def test_kube_score_identical_probes(fixture: str, expected: list[tuple[int, int, str, str]]) -> None:
    result = run_cli(["--select", SAME, fixture], cwd=KUBE_SCORE)
    assert found(result) == expected
    assert all("container foobar" in line for line in result.lines)


@needs_corpus()
@pytest.mark.skipif(not KUBE_SCORE.is_dir(), reason="kube-score fixtures are not available")
def test_kube_score_identical_probe_made_tolerant_is_not_flagged(tmp_path: Path) -> None:
    """The complaint about kube-score: the same endpoint with a more tolerant liveness is still flagged."""
    text = (KUBE_SCORE / "pod-probes-identical-http.yaml").read_text(encoding="utf-8")
    tolerant = text.replace("    livenessProbe:\n", "    livenessProbe:\n      failureThreshold: 6\n")
    assert tolerant != text
    (tmp_path / "tolerant.yaml").write_text(tolerant, encoding="utf-8")
    assert run_cli(["--select", SAME, "tolerant.yaml"], cwd=tmp_path).lines == []
