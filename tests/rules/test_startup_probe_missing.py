"""startup-probe-missing through the command line: rule id, line, column and message."""

from __future__ import annotations

from pathlib import Path

from tests.support import details
from tests.support.rulecheck import configure, deployment, found, pos

STARTUP = ["--select", "startup-probe-missing"]


def _slow(delay: int, extra: str = "") -> str:
    return deployment(f"""        - name: app
          image: example/app:1
          livenessProbe:
            httpGet: {{path: /healthz, port: 8080}}
            initialDelaySeconds: {delay}
            timeoutSeconds: 3
{extra}""")


def test_startup_probe_missing_points_at_initial_delay(lint) -> None:
    text = _slow(90)
    result = lint(text, *STARTUP)
    assert found(result.lines) == [("startup-probe-missing", "17:13")]
    assert pos(text, "initialDelaySeconds") == "17:13"
    assert (
        "liveness probe waits initialDelaySeconds: 90; use a startupProbe with failureThreshold: 9, periodSeconds: 10"
        in result.lines[0]
    )
    (why,) = details(lint(text, *STARTUP, "--format", "json"))
    assert "failureThreshold: 9 (9 x 10s = 90s covers the 90s)" in why
    assert result.code == 1


def test_startup_probe_missing_threshold_is_30(lint) -> None:
    assert found(lint(_slow(30), *STARTUP).lines) == [("startup-probe-missing", "17:13")]
    assert "use a startupProbe with failureThreshold: 3, periodSeconds: 10" in lint(_slow(30), *STARTUP).stdout
    assert (
        "failureThreshold: 3 (3 x 10s = 30s covers the 30s)"
        in details(lint(_slow(30), *STARTUP, "--format", "json"))[0]
    )
    assert lint(_slow(29), *STARTUP).lines == []


def test_startup_probe_missing_suggestion_rounds_up(lint) -> None:
    assert "use a startupProbe with failureThreshold: 5, periodSeconds: 10" in lint(_slow(45), *STARTUP).stdout
    assert (
        "failureThreshold: 5 (5 x 10s = 50s covers the 45s)"
        in details(lint(_slow(45), *STARTUP, "--format", "json"))[0]
    )


def test_startup_probe_present_is_fine(lint) -> None:
    extra = """          startupProbe:
            httpGet: {path: /healthz, port: 8080}
            failureThreshold: 10
"""
    assert lint(_slow(90, extra), *STARTUP).lines == []


def test_readiness_delay_alone_is_not_a_slow_start(lint) -> None:
    text = deployment("""        - name: app
          image: example/app:1
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            initialDelaySeconds: 120
""")
    assert lint(text, *STARTUP).lines == []


def test_startup_probe_missing_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  startup-probe-missing:\n    slow-start-seconds: 60\n")
    assert lint(_slow(45), *STARTUP).lines == []
    assert found(lint(_slow(60), *STARTUP).lines) == [("startup-probe-missing", "17:13")]


def test_startup_probe_missing_checks_sidecars(lint) -> None:
    text = deployment(
        """        - name: app
          image: example/app:1
""",
        spec="""      initContainers:
        - name: agent
          image: example/agent:1
          restartPolicy: Always
          livenessProbe:
            exec: {command: [agent, health]}
            initialDelaySeconds: 40
""",
    )
    result = lint(text, *STARTUP)
    assert found(result.lines) == [("startup-probe-missing", pos(text, "initialDelaySeconds"))]
    assert "[agent])" in result.lines[0]
