"""Placeholders from envsubst, helmify and sed are not API errors; `{{ }}` names Helm only in a chart
(issue 11, item 4)."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_cli
from tests.support.rulecheck import found, pos

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: exporter
spec:
  template:
    spec:
      containers:
        - name: exporter
          image: example/exporter:1.0
          ports:
            - containerPort: ${METRICS_PORT:-9003}
          livenessProbe:
            httpGet:
              path: /healthz
              port: HELMSUBST_PORT
            timeoutSeconds: 2
          readinessProbe:
            tcpSocket:
              port: "@PORT@"
            timeoutSeconds: "{{TIMEOUT}}"
"""


def test_placeholders_give_one_info_finding_and_no_api_errors(lint) -> None:
    result = lint(MANIFEST, "--select", "probe-invalid,unresolved-placeholder")
    assert found(result.lines) == [("unresolved-placeholder", pos(MANIFEST, "${METRICS_PORT"))]
    assert "placeholder ${METRICS_PORT:-9003} and 3 more: filled in later" in result.lines[0]
    assert result.code == 0


def test_curly_placeholders_outside_a_chart_do_not_name_helm(tmp_path: Path) -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{NAME}}\nspec:\n  containers:\n    - name: a\n      image: b\n"
    )
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "pod.yaml").write_text(text, encoding="utf-8")
    result = run_cli(["deploy/pod.yaml"], cwd=tmp_path)
    assert result.lines == [
        "deploy/pod.yaml:4:9: info unresolved-placeholder unresolved template placeholder ({{NAME}}); fill it in "
        "(envsubst, sed...), then lint the result"
    ]


def test_curly_templates_inside_a_chart_still_say_render_it(tmp_path: Path) -> None:
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: []\n"
    (tmp_path / "chart" / "templates").mkdir(parents=True)
    (tmp_path / "chart" / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n", encoding="utf-8")
    (tmp_path / "chart" / "templates" / "pod.yaml").write_text(text, encoding="utf-8")
    result = run_cli(["-"], cwd=tmp_path / "chart" / "templates", stdin=text.encode())
    assert result.lines == [
        "-:4:9: error yaml-syntax unrendered Helm template ({{ .Release.Name }}); render the chart first: helm "
        "template CHART | probelint -"
    ]
