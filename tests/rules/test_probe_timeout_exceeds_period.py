"""probe-timeout-exceeds-period through the command line: rule id, line, column and message."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.timing import EXCEEDS, container, found


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
    assert "readiness probe: timeoutSeconds 5 > periodSeconds 3; set timeoutSeconds ≤ 3 or periodSeconds ≥ 5" in ready
    assert "periodSeconds 10 (unset: 10)" in live  # the default period counts; 10 = 10 is fine (startup)
    why = details(lint(manifest, "--select", EXCEEDS, "--format", "json"))
    assert "gives up after 3 × 5s = 15s instead of 9s" in why[0]
    assert "gives up after 3 × 11s = 33s instead of 30s" in why[1]


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
