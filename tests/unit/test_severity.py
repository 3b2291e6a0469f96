"""A severity set in the configuration beats a rule's own grading of each problem and its refine pass."""

from __future__ import annotations

from tests.support import run_cli

POD = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
          livenessProbe:
            exec:
              command: ["test", "-f", "/tmp/ok", "&&", "true"]
            timeoutSeconds: 2
"""


def _severities(lines: list[str], rule: str) -> list[str]:
    return [line.split(": ", 1)[1].split()[0] for line in lines if f" {rule} " in line]


def test_rules_grade_their_own_problems_by_default(tmp_path) -> None:
    (tmp_path / "app.yaml").write_text(POD)
    run = run_cli(["--select", "readiness-probe-missing,exec-probe-command-invalid", "app.yaml"], cwd=tmp_path)
    assert _severities(run.lines, "readiness-probe-missing") == ["error"]  # a Service selects the pod
    assert _severities(run.lines, "exec-probe-command-invalid") == ["warning"]  # shell syntax without a shell


def test_a_configured_severity_wins(tmp_path) -> None:
    (tmp_path / "app.yaml").write_text(POD)
    (tmp_path / ".probelint.yaml").write_text(
        "rules:\n  readiness-probe-missing: warning\n  exec-probe-command-invalid: info\n"
    )
    run = run_cli(["--select", "readiness-probe-missing,exec-probe-command-invalid", "app.yaml"], cwd=tmp_path)
    assert _severities(run.lines, "readiness-probe-missing") == ["warning"]
    assert _severities(run.lines, "exec-probe-command-invalid") == ["info"]
