"""--explain-event with a Helm chart among the paths: the finding is shown at the chart's own line."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_cli
from tests.support.helmchart import write_chart

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: example/api:1.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            timeoutSeconds: {{ .Values.readinessTimeout }}
"""


def test_the_finding_is_reported_at_the_values_line_of_the_chart(tmp_path: Path) -> None:
    write_chart(tmp_path, {"templates/deployment.yaml": DEPLOYMENT, "values.yaml": "readinessTimeout: 1\n"})
    event = (
        "shop   2m   Warning   Unhealthy   pod/shop-api-5f7c9d8b4-q8w2z   Readiness probe failed: "
        'Get "http://10.0.5.9:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
    )
    run = run_cli(["--explain-event", event, "--release-name", "shop", "demo"], cwd=tmp_path)
    assert run.code == 1
    assert "  workload: Deployment shop-api in demo" in run.lines
    found = [line.strip() for line in run.lines if line.strip().startswith("found:")]
    assert found == [
        "found: demo/values.yaml:1:1: warning probe-timeout-too-low readiness probe (httpGet): timeoutSeconds 1; "
        "set 2 or more (Deployment/shop-api[api]) [from demo/templates/deployment.yaml]"
    ]


def test_a_pod_of_another_release_is_not_matched(tmp_path: Path) -> None:
    write_chart(tmp_path, {"templates/deployment.yaml": DEPLOYMENT, "values.yaml": "readinessTimeout: 1\n"})
    event = "2m   Warning   Unhealthy   pod/other-api-5f7c9d8b4-q8w2z   Readiness probe failed: status: NOT_SERVING"
    run = run_cli(["--explain-event", event, "--release-name", "shop", "demo"], cwd=tmp_path)
    assert run.code == 0
    assert "  workload: none of the paths has this pod's workload (the name suggests Deployment other-api)" in run.lines
