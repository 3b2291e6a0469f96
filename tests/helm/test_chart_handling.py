"""Render errors, missing dependencies, unverifiable line maps, chart discovery, the scanner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from probelint.findings import Location
from probelint.sources.chart_layout import find_chart
from probelint.sources.helm_engine import HelmUnavailableError
from probelint.sources.helm_render import HelmOptions, render_chart
from probelint.sources.template_scan import scan
from tests.support.helmchart import locate, write_chart

CM = """
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}
data:
  key: value
"""


def test_render_error_is_a_problem_and_the_rest_still_renders(tmp_path: Path) -> None:
    broken = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  x: {{ required "set x" .Values.x }}\n'
    chart_dir = write_chart(tmp_path, {"templates/broken.yaml": broken, "templates/cm.yaml": CM})
    chart = render_chart(str(chart_dir), HelmOptions(release_name="rel"))
    # Helm names broken.yaml:4:8, a 0-based byte offset: column 9 is `required`
    assert [(p.file, p.line, p.column) for p in chart.problems] == [(f"{chart_dir}/templates/broken.yaml", 4, 9)]
    assert "set x" in chart.problems[0].message
    assert "# Source: demo/templates/cm.yaml" in chart.text
    assert "broken.yaml" not in chart.text
    got = locate(chart, "key: value", "key", "data.key")
    assert got.primary == Location(f"{chart_dir}/templates/cm.yaml", 6, 3, "template")


def test_render_error_column_counts_characters_from_one(tmp_path: Path) -> None:
    broken = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  größe: {{ required "set x" .Values.x }}\n'
    chart_dir = write_chart(tmp_path, {"templates/broken.yaml": broken})
    chart = render_chart(str(chart_dir))
    # Helm names the byte offset 13 (0-based, `ö` and `ß` are two bytes each); `required` is character 12
    line = broken.splitlines()[3]
    assert [(p.line, p.column) for p in chart.problems] == [(4, line.index("required") + 1)]


def test_missing_dependency_is_named(tmp_path: Path) -> None:
    chart_yaml = "apiVersion: v2\nname: demo\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n"
    chart_dir = write_chart(tmp_path, {"Chart.yaml": chart_yaml, "templates/cm.yaml": CM})
    chart = render_chart(str(chart_dir))
    assert len(chart.problems) == 1
    problem = chart.problems[0]
    assert (problem.file, problem.line, problem.column) == (f"{chart_dir}/Chart.yaml", 5, 11)
    assert "'redis'" in problem.message
    assert "charts/" in problem.message
    assert "kind: ConfigMap" in chart.text


def test_unverifiable_template_falls_back(tmp_path: Path) -> None:
    # Output that already looks like a line marker cannot be told apart from one: no line map.
    odd = CM + "  note: 'x #@pl:0:1'\n"
    chart_dir = write_chart(tmp_path, {"templates/cm.yaml": odd})
    chart = render_chart(str(chart_dir))
    got = locate(chart, "key: value", "key", "data.key")
    assert not got.exact
    assert got.primary == Location(f"{chart_dir}/templates/cm.yaml", 1, 1, "template")


def test_checksum_of_another_template_still_maps(tmp_path: Path) -> None:
    pod = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
      annotations:
        checksum: {{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}
    spec:
      containers:
        - name: c
    """
    chart_dir = write_chart(tmp_path, {"templates/cm.yaml": CM, "templates/pod.yaml": pod})
    chart = render_chart(str(chart_dir))
    got = locate(chart, "- name: c", "name", "spec.containers[0]")
    assert got.exact
    assert got.primary == Location(f"{chart_dir}/templates/pod.yaml", 9, 7, "template")


def test_excluded_templates(tmp_path: Path) -> None:
    files = {
        "templates/cm.yaml": CM,
        "templates/NOTES.txt": "kind: Nope\n",
        "templates/tests/t.yaml": "apiVersion: v1\nkind: Pod\n",
        "templates/_x.yaml": "kind: Hidden\n",
        "templates/empty.yaml": "{{- if false }}\nkind: Never\n{{- end }}\n# only a comment\n",
    }
    chart = render_chart(str(write_chart(tmp_path, files)))
    assert chart.text.count("# Source:") == 1


def test_find_chart(tmp_path: Path) -> None:
    outer = write_chart(tmp_path, {"templates/cm.yaml": CM})
    inner = write_chart(outer / "charts", {"templates/cm.yaml": CM}, name="inner")
    assert find_chart(str(outer / "templates" / "cm.yaml")) == str(outer)
    assert find_chart(str(inner / "templates")) == str(outer)
    assert find_chart(str(tmp_path)) is None


def test_no_engine_message_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "helm_python", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(HelmUnavailableError) as info:
        render_chart(str(write_chart(tmp_path, {"templates/cm.yaml": CM})))
    message = str(info.value)
    assert "\n" not in message
    assert "pip install 'probelint[helm]'" in message
    assert "helm" in message


def test_scanner_actions_comments_strings_and_defines() -> None:
    text = 'a: {{- "}}" -}}\n{{/* two\nlines }} */}}\nb: {{ `x}}y` }}\n{{ define "h" }}c{{ end }}\nd'
    result = scan(text)
    bodies = [a.body for a in result.actions]
    assert bodies == ['"}}"', "/* two\nlines }} */", "`x}}y`", 'define "h"', "end"]
    assert result.actions[0].trim_left
    assert result.actions[0].trim_right
    assert result.actions[1].comment
    assert result.in_named_region(text.index("c{{"))
    assert not result.in_named_region(text.index("\nd"))
