"""probe-timeout-too-low through the command line: rule id, line, column and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import details
from tests.support.rulecheck import configure, deployment, found, pos

TIMEOUT = ["--select", "probe-timeout-too-low"]


def test_timeout_of_1_points_at_the_key(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 1
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", "17:13")]
    assert pos(text, "timeoutSeconds") == "17:13"
    assert "readiness probe (httpGet): timeoutSeconds 1; set 2 or more (Deployment/web[web])" in result.lines[0]
    why = details(lint(text, *TIMEOUT, "--format", "json"))
    assert "Client.Timeout exceeded while awaiting headers" in why[0]
    assert result.lines[0].endswith("(Deployment/web[web])")
    assert result.code == 1


def test_absent_timeout_points_at_the_probe_key(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          livenessProbe:
            exec:
              command: [cat, /tmp/healthy]
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "livenessProbe"))]
    assert "liveness probe (exec): timeoutSeconds unset, so 1s; set 2 or more" in result.lines[0]
    why = details(lint(text, *TIMEOUT, "--format", "json"))
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in why[0]
    assert '"command timed out"' in why[0]


def test_timeout_of_0_is_defaulted_to_1(lint) -> None:
    text = deployment("""        - name: api
          image: example/api:1
          startupProbe:
            grpc: {port: 9090}
            timeoutSeconds: 0
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "startup probe (grpc): timeoutSeconds 0, so 1s; set 2 or more" in result.lines[0]
    why = details(lint(text, *TIMEOUT, "--format", "json"))
    assert "timeoutSeconds is 0, which the API server turns into 1s" in why[0]
    assert '"timeout: health rpc did not complete"' in why[0]


def test_null_timeout_counts_as_unset(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds:
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "readiness probe (httpGet): timeoutSeconds unset, so 1s; set 2 or more" in result.lines[0]
    why = details(lint(text, *TIMEOUT, "--format", "json"))
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in why[0]


@pytest.mark.parametrize("value", ["2", "10", '"5"', "-1", "abc"])
def test_timeouts_of_2_or_more_and_invalid_values_are_not_this_rules_business(lint, value: str) -> None:
    text = deployment(f"""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {{path: /ready, port: 8080}}
            timeoutSeconds: {value}
""")
    assert lint(text, *TIMEOUT).lines == []


def test_tcp_probes_are_ignored_unless_include_tcp(lint, tmp_path: Path) -> None:
    text = deployment("""        - name: db
          image: postgres:16
          livenessProbe:
            tcpSocket: {port: 5432}
          readinessProbe:
            exec:
              command: [pg_isready]
            timeoutSeconds: 1
""")
    assert found(lint(text, *TIMEOUT).lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    configure(tmp_path, "rules:\n  probe-timeout-too-low:\n    include-tcp: true\n")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [
        ("probe-timeout-too-low", pos(text, "livenessProbe")),
        ("probe-timeout-too-low", pos(text, "timeoutSeconds")),
    ]
    assert "liveness probe (tcpSocket): timeoutSeconds unset, so 1s; set 2 or more" in result.lines[0]
    why = details(lint(text, *TIMEOUT, "--format", "json"))
    assert '"i/o timeout"' in why[0]


def test_min_timeout_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  probe-timeout-too-low:\n    min-timeout-seconds: 5\n")
    text = deployment("""        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 3
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
    assert "readiness probe (httpGet): timeoutSeconds 3; set 5 or more" in result.lines[0]


def test_sidecar_init_containers_are_checked_and_plain_ones_are_not(lint) -> None:
    text = deployment(
        """        - name: web
          image: nginx:1.27
""",
        spec="""      initContainers:
        - name: migrate
          image: example/migrate:1
          readinessProbe:
            exec: {command: [true]}
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          readinessProbe:
            httpGet: {path: /ready, port: 9901}
""",
    )
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "readinessProbe", 2))]
    assert "[proxy])" in result.lines[0]


def test_every_probe_of_every_container_is_reported_in_order(lint) -> None:
    text = deployment("""        - name: web
          image: nginx:1.27
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
            timeoutSeconds: 3
        - name: metrics
          image: example/exporter:1
          readinessProbe:
            httpGet: {path: /metrics, port: 9100}
            timeoutSeconds: 1
""")
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [
        ("probe-timeout-too-low", pos(text, "livenessProbe")),
        ("probe-timeout-too-low", pos(text, "timeoutSeconds: 1")),
    ]


def test_cronjob_pod_template_is_found(lint) -> None:
    text = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: example/report:1
              readinessProbe:
                exec: {command: [true]}
"""
    result = lint(text, *TIMEOUT)
    assert found(result.lines) == [("probe-timeout-too-low", "15:15")]
    assert result.lines[0].endswith("(CronJob/report[report])")
