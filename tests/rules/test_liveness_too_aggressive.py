"""liveness-too-aggressive through the command line: rule id, line, column and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.timing import AGGRESSIVE, container, found


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
    assert "liveness probe restarts after failureThreshold unset (3) × 3s = 9s" in result.stdout
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
    assert "liveness probe restarts after failureThreshold 1 × 2s = 2s" in result.stdout


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
