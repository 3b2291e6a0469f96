"""Each template pattern, rendered with Helm's engine, mapped back to exact template/values positions."""

from __future__ import annotations

from pathlib import Path

from probelint.findings import Location
from probelint.sources.helm_render import HelmOptions, render_chart
from tests.support.helmchart import locate, write_chart

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    {{- include "demo.labels" . | nindent 4 }}
spec:
  containers:
    - name: web
      image: nginx
      livenessProbe:
        {{- toYaml .Values.livenessProbe | nindent 8 }}
      readinessProbe:
        timeoutSeconds: {{ .Values.readiness.timeout }}
        periodSeconds: 7
      {{- with .Values.startup }}
      startupProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      env:
      {{- range $k, $v := .Values.env }}
        - name: {{ $k }}
          value: {{ $v | quote }}
      {{- end }}
      ports:
      {{- range .Values.ports }}
        - name: {{ .name }}
          containerPort: {{ .port }}
      {{- end }}
"""

HELPERS = """
{{- define "demo.labels" -}}
app: demo
tier: web
{{- end }}
"""

VALUES = """
livenessProbe:
  httpGet:
    path: /healthz
    port: 8080
  periodSeconds: 10
readiness:
  timeout: 3
startup:
  failureThreshold: 30
env:
  A: "true"
  B: "true"
ports:
  - name: http
    port: 8080
  - name: metrics
    port: 9090
"""


def _chart(tmp_path: Path) -> Path:
    return write_chart(tmp_path, {"templates/pod.yaml": POD, "templates/_helpers.tpl": HELPERS, "values.yaml": VALUES})


def test_rendered_stream_is_like_helm_template(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    assert chart.text.startswith("---\n# Source: demo/templates/pod.yaml\napiVersion: v1\n")
    assert chart.problems == []


def test_literal_key(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    pod = f"{tmp_path}/demo/templates/pod.yaml"
    got = locate(chart, "periodSeconds: 7", "periodSeconds", "spec.containers[0].readinessProbe.periodSeconds")
    assert got.exact
    assert got.primary == Location(pod, 15, 9, "template")
    name = locate(chart, "- name: web", "name", "spec.containers[0].livenessProbe")
    assert name.primary == Location(pod, 9, 7, "template")


def test_values_scalar(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    got = locate(chart, "timeoutSeconds: 3", "timeoutSeconds", "spec.containers[0].readinessProbe.timeoutSeconds")
    assert got.exact
    assert got.primary == Location(f"{tmp_path}/demo/values.yaml", 7, 3, "values")
    assert Location(f"{tmp_path}/demo/templates/pod.yaml", 14, 9, "template") in got.related
    assert any(loc.role == "rendered" for loc in got.related)


def test_toyaml_nindent(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    got = locate(chart, "periodSeconds: 10", "periodSeconds", "spec.containers[0].livenessProbe.periodSeconds")
    assert got.exact
    assert got.primary == Location(f"{tmp_path}/demo/values.yaml", 5, 3, "values")
    port = locate(chart, "port: 8080", "port", "spec.containers[0].livenessProbe.httpGet.port")
    assert port.primary == Location(f"{tmp_path}/demo/values.yaml", 4, 5, "values")


def test_with_block(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    got = locate(chart, "failureThreshold: 30", "failureThreshold", "spec.containers[0].startupProbe.failureThreshold")
    assert got.exact
    assert got.primary == Location(f"{tmp_path}/demo/values.yaml", 9, 3, "values")


def test_range_over_map_tells_entries_apart_by_sibling(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    values = f"{tmp_path}/demo/values.yaml"
    first = locate(chart, 'value: "true"', "value", "spec.containers[0].env[0].value", nth=0)
    second = locate(chart, 'value: "true"', "value", "spec.containers[0].env[1].value", nth=1)
    assert first.primary == Location(values, 11, 3, "values")
    assert first.exact
    assert second.primary == Location(values, 12, 3, "values")
    assert second.exact
    name = locate(chart, "- name: B", "name", "spec.containers[0].env[1].name")
    assert name.primary == Location(values, 12, 3, "values")


def test_range_over_list(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    got = locate(chart, "containerPort: 9090", "containerPort", "spec.containers[0].ports[1].containerPort")
    assert got.exact
    assert got.primary == Location(f"{tmp_path}/demo/values.yaml", 17, 5, "values")


def test_helper_include_falls_back_to_enclosing_key(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)))
    got = locate(chart, "tier: web", "tier", "metadata.labels.tier")
    assert not got.exact
    assert got.primary == Location(f"{tmp_path}/demo/templates/pod.yaml", 5, 3, "template")


def test_set_value_points_at_template_line(tmp_path: Path) -> None:
    chart = render_chart(str(_chart(tmp_path)), HelmOptions(set_values=("readiness.timeout=9",)))
    got = locate(chart, "timeoutSeconds: 9", "timeoutSeconds", "spec.containers[0].readinessProbe.timeoutSeconds")
    assert got.exact
    assert got.primary == Location(f"{tmp_path}/demo/templates/pod.yaml", 14, 9, "template")
    assert got.note == "value set by --set (readiness.timeout)"


def test_values_precedence_last_file_wins(tmp_path: Path) -> None:
    chart_dir = _chart(tmp_path)
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text("readiness:\n  timeout: 4\nlivenessProbe:\n  periodSeconds: 20\n")
    b.write_text("# b\nreadiness:\n  timeout: 5\n")
    chart = render_chart(str(chart_dir), HelmOptions(values_files=(str(a), str(b))))
    got = locate(chart, "timeoutSeconds: 5", "timeoutSeconds", "spec.containers[0].readinessProbe.timeoutSeconds")
    assert got.primary == Location(str(b), 3, 3, "values")
    period = locate(chart, "periodSeconds: 20", "periodSeconds", "spec.containers[0].livenessProbe.periodSeconds")
    assert period.primary == Location(str(a), 4, 3, "values")
    start = locate(
        chart, "failureThreshold: 30", "failureThreshold", "spec.containers[0].startupProbe.failureThreshold"
    )
    assert start.primary == Location(f"{chart_dir}/values.yaml", 9, 3, "values")


def test_subchart_values_from_parent_and_own(tmp_path: Path) -> None:
    parent = write_chart(
        tmp_path,
        {
            "values.yaml": "sub:\n  probe:\n    timeout: 8\n",
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/values.yaml": "probe:\n  timeout: 1\n  period: 11\n",
            "charts/sub/templates/pod.yaml": """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sub
                spec:
                  containers:
                    - name: c
                      livenessProbe:
                        timeoutSeconds: {{ .Values.probe.timeout }}
                        periodSeconds: {{ .Values.probe.period }}
            """,
        },
        name="parent",
    )
    chart = render_chart(str(parent))
    assert "# Source: parent/charts/sub/templates/pod.yaml" in chart.text
    timeout = locate(chart, "timeoutSeconds: 8", "timeoutSeconds", "spec.containers[0].livenessProbe.timeoutSeconds")
    assert timeout.primary == Location(f"{parent}/values.yaml", 3, 5, "values")
    period = locate(chart, "periodSeconds: 11", "periodSeconds", "spec.containers[0].livenessProbe.periodSeconds")
    assert period.primary == Location(f"{parent}/charts/sub/values.yaml", 3, 3, "values")
    name = locate(chart, "- name: c", "name", "spec.containers[0]")
    assert name.primary == Location(f"{parent}/charts/sub/templates/pod.yaml", 7, 7, "template")
