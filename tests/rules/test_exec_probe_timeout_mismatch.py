"""exec-probe-timeout-mismatch through the command line: the time limits of exec commands against timeoutSeconds."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.rulecheck import deployment, found, pos

MISMATCH = ["--select", "exec-probe-timeout-mismatch"]


def _exec(command: str, timeout: str | None, probe: str = "readinessProbe") -> str:
    timeout_line = f"            timeoutSeconds: {timeout}\n" if timeout is not None else ""
    return deployment(f"""        - name: api
          image: example/api:1
          {probe}:
            exec:
              command: {command}
{timeout_line}""")


def test_grpc_health_probe_flags_longer_than_timeout(lint) -> None:
    text = _exec("[/bin/grpc-health-probe, -addr=:9090, -connect-timeout=5s, -rpc-timeout=5s]", "5")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", "18:13")]
    assert pos(text, "timeoutSeconds") == "18:13"
    assert "readiness probe: command may take 10s but timeoutSeconds 5; set 10 or more (" in result.lines[0]
    why = details(lint(text, *MISMATCH, "--format", "json"))
    assert (
        "The command allows itself 10s (grpc-health-probe may take -connect-timeout 5s + "
        "-rpc-timeout 5s), but timeoutSeconds is 5:" in why[0]
    )


def test_equal_limit_is_fine(lint) -> None:
    text = _exec("[/bin/grpc-health-probe, -addr=:9090, -connect-timeout=5s, -rpc-timeout=5s]", "10")
    assert lint(text, *MISMATCH).lines == []


def test_grpc_health_probe_defaults_against_absent_timeout(lint) -> None:
    text = _exec("[/app/grpc-health-probe, -addr=:50051]", None, probe="livenessProbe")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "livenessProbe"))]
    assert "liveness probe: command may take 2s but timeoutSeconds unset, so 1s; set 2 or more (" in result.lines[0]
    why = details(lint(text, *MISMATCH, "--format", "json"))
    assert "1s (default)" in why[0]
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in why[0]


@pytest.mark.parametrize(
    ("command", "timeout", "fires"),
    [
        ('["sh", "-c", "curl -fsS -m 5 http://localhost:8080/healthz"]', "3", True),
        ('["sh", "-c", "curl -fsS -m 5 http://localhost:8080/healthz"]', "5", False),
        ("[curl, --max-time, '2.5', http://localhost/]", "2", True),
        ("[wget, -q, -T, '10', -O, /dev/null, http://localhost/]", "5", True),
        ("[wget, --timeout=4, http://localhost/]", "4", False),
        ("[timeout, -s, KILL, '5', /check.sh]", "3", True),
        ("[timeout, -k, '2', '5', /check.sh]", "5", False),
        ("[timeout, '3', /check.sh]", "3", False),
        ('["/bin/sh", "-c", "timeout 8 redis-cli ping | grep -q PONG"]', "5", True),
        ("[cat, /tmp/healthy]", "1", False),
        ('["sh", "-c", "curl -m 30 http://localhost/ &"]', "2", False),
        ('["sh", "-c", "curl -m $T http://localhost/"]', "2", False),
    ],
)
def test_exec_time_limits(lint, command: str, timeout: str, fires: bool) -> None:
    text = _exec(command, timeout)
    expected = [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds"))] if fires else []
    assert found(lint(text, *MISMATCH).lines) == expected


def test_mismatch_with_timeout_0(lint) -> None:
    text = _exec("[curl, -m, '3', http://localhost/]", "0")
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds"))]
    assert "readiness probe: command may take 3s but timeoutSeconds 0, so 1s; set 3 or more (" in result.lines[0]
    why = details(lint(text, *MISMATCH, "--format", "json"))
    assert "timeoutSeconds is 0, which the API server turns into 1s" in why[0]


def test_mismatch_ignores_http_probes_and_plain_init_containers(lint) -> None:
    text = deployment(
        """        - name: api
          image: example/api:1
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
""",
        spec="""      initContainers:
        - name: wait
          image: busybox:1.36
          readinessProbe:
            exec: {command: [wget, -T, '30', http://db/]}
        - name: sidecar
          image: busybox:1.36
          restartPolicy: Always
          readinessProbe:
            exec: {command: [wget, -T, '30', http://localhost/]}
            timeoutSeconds: 5
""",
    )
    result = lint(text, *MISMATCH)
    assert found(result.lines) == [("exec-probe-timeout-mismatch", pos(text, "timeoutSeconds: 5"))]
    assert "[sidecar])" in result.lines[0]
