"""Reading YAML the way Kubernetes does, and the command line around it, asserted through the CLI.

Every position is exact (line and column of the key at fault). Rules are pinned with --select so
that rules added later do not change what these tests see.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT, Run, run_cli
from tests.support.manifests import NAMED_DEPLOYMENT
from tests.support.manifests import SHORT_TIMEOUT_DEPLOYMENT as DEPLOYMENT

TIMEOUT = "probe-timeout-too-low"
SYNTAX = "yaml-syntax"
PINNED = ["--select", f"{SYNTAX},{TIMEOUT}"]

# DEPLOYMENT's one finding under PINNED: the `timeoutSeconds` key.
DEPLOYMENT_FINDING = (TIMEOUT, 13, 13)

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: worker
  namespace: jobs
spec:
  containers:
    - name: worker
      image: busybox
      livenessProbe:
        exec:
          command: [cat, /tmp/healthy]
"""
# POD's one finding under PINNED: the `livenessProbe` key (timeoutSeconds unset).
POD_FINDING = (TIMEOUT, 10, 7)


def where(run: Run) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each text-format finding, in output order."""
    result = []
    for line in run.lines:
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        result.append((rest.split()[1], int(row), int(column)))
    return result


def json_findings(run: Run) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(run.stdout)["findings"]
    return findings


def shifted(finding: tuple[str, int, int], lines: int) -> tuple[str, int, int]:
    return (finding[0], finding[1] + lines, finding[2])


# --- streams and documents ---------------------------------------------------------------------


def test_multi_document_file_positions_are_per_stream_line(lint) -> None:
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: '1'\n"
    text = config_map + "---\n" + DEPLOYMENT + "---\n" + POD
    run = lint(text, *PINNED)
    deployment_at = config_map.count("\n") + 1
    pod_at = deployment_at + DEPLOYMENT.count("\n") + 1
    assert where(run) == [shifted(DEPLOYMENT_FINDING, deployment_at), shifted(POD_FINDING, pod_at)]
    assert run.code == 1


def test_document_end_markers_and_leading_separator(lint) -> None:
    text = "---\n" + DEPLOYMENT + "...\n---\n" + POD + "...\n"
    run = lint(text, *PINNED)
    assert where(run) == [shifted(DEPLOYMENT_FINDING, 1), shifted(POD_FINDING, 1 + DEPLOYMENT.count("\n") + 2)]


KUBECTL_LIST = """\
apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
    resourceVersion: "4711"
  spec:
    template:
      spec:
        containers:
        - image: api:2
          name: api
          readinessProbe:
            failureThreshold: 3
            httpGet:
              path: /ready
              port: 8080
              scheme: HTTP
            periodSeconds: 10
            successThreshold: 1
            timeoutSeconds: 1
- apiVersion: v1
  kind: Pod
  metadata:
    name: api-7d9c-x2x
    namespace: shop
  spec:
    containers:
    - image: api:2
      livenessProbe:
        grpc:
          port: 9090
      name: api
kind: List
metadata:
  resourceVersion: ""
"""


def test_kubectl_list_items_are_linted_with_their_own_paths(lint) -> None:
    run = lint(KUBECTL_LIST, "--format", "json", *PINNED)
    got = [(f["line"], f["column"], f["kind"], f["namespace"], f["name"], f["path"]) for f in json_findings(run)]
    assert got == [
        (
            23,
            13,
            "Deployment",
            "shop",
            "api",
            "items[0].spec.template.spec.containers[0].readinessProbe.timeoutSeconds",
        ),
        (32, 7, "Pod", "shop", "api-7d9c-x2x", "items[1].spec.containers[0].livenessProbe"),
    ]


def test_other_list_kinds_are_unwrapped_too(lint) -> None:
    text = KUBECTL_LIST.replace("kind: List\n", "kind: DeploymentList\n")
    run = lint(text, *PINNED)
    assert where(run) == [(TIMEOUT, 23, 13), (TIMEOUT, 32, 7)]


# --- bytes: line endings and encodings ---------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="utf8-bom"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), id="utf8-bom-crlf"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf16-bom-native"),
        pytest.param(lambda text: b"\xff\xfe" + text.encode("utf-16-le"), id="utf16-le-bom"),
        pytest.param(lambda text: b"\xfe\xff" + text.encode("utf-16-be"), id="utf16-be-bom"),
        pytest.param(lambda text: b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"), id="utf16-crlf"),
    ],
)
def test_line_endings_and_encodings_do_not_shift_positions(lint, encode) -> None:
    text = DEPLOYMENT + "---\n" + POD
    run = lint(encode(text), *PINNED)
    assert where(run) == [DEPLOYMENT_FINDING, shifted(POD_FINDING, DEPLOYMENT.count("\n") + 1)]


def test_a_syntax_error_after_crlf_lines_and_a_bom_is_at_the_right_line(lint) -> None:
    text = "\ufeffkind: Pod\r\nmetadata:\r\n  name: a\r\n   labels: {}\r\n"
    run = lint(text.encode(), *PINNED)
    assert where(run) == [(SYNTAX, 4, 10)]


@pytest.mark.parametrize("newline", ["\r", "\x85", "\u2028"], ids=["cr", "nel", "ls"])
def test_lone_line_breaks_count_as_lines_when_a_broken_stream_is_re_read(lint, newline: str) -> None:
    # libyaml ends a line at a lone CR, NEL or LS too; the documents after a broken one are re-read
    # on their own and must keep the stream's line numbers.
    text = f"# exported by an old tool{newline}" + DEPLOYMENT + "---\nkind: [broken\n---\n" + POD
    run = lint(text.encode(), *PINNED)
    broken = 1 + DEPLOYMENT.count("\n") + 3  # the parser stops at the `---` after `kind: [broken`
    assert where(run) == [shifted(DEPLOYMENT_FINDING, 1), (SYNTAX, broken, 1), shifted(POD_FINDING, broken)]


def test_columns_count_characters_not_bytes(lint) -> None:
    text = DEPLOYMENT.replace(
        "          readinessProbe:\n            httpGet: {path: /ready, port: 8080}\n            timeoutSeconds: 1\n",
        "          readinessProbe: {httpGet: {path: /état/健康, port: 8080}, timeoutSeconds: 1}\n",
    )
    run = lint(text, *PINNED)
    line = text.splitlines()[10]
    assert where(run) == [(TIMEOUT, 11, line.index("timeoutSeconds") + 1)]
    assert line.index("timeoutSeconds") + 1 == 67  # 72 if columns counted UTF-8 bytes


# --- YAML syntax forms ---------------------------------------------------------------------------


def test_double_and_single_quoted_keys(lint) -> None:
    # Generated manifests (the aws-node ones up to VPC CNI 1.9, from jsonnet) quote every key.
    text = """\
"apiVersion": "apps/v1"
"kind": "DaemonSet"
"metadata":
  "name": "agent"
"spec":
  "template":
    "spec":
      "containers":
      - "name": "agent"
        "image": "agent:1"
        "readinessProbe":
          "exec":
            "command": ["check"]
          "timeoutSeconds": 1
        'livenessProbe':
          'httpGet': {'port': 80}
"""
    run = lint(text, "--format", "json", *PINNED)
    got = [(f["rule"], f["line"], f["column"], f["path"]) for f in json_findings(run)]
    assert got == [
        (TIMEOUT, 14, 11, "spec.template.spec.containers[0].readinessProbe.timeoutSeconds"),
        (TIMEOUT, 15, 9, "spec.template.spec.containers[0].livenessProbe"),
    ]


def test_flow_style_json_like_manifest(lint) -> None:
    text = (
        '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n'
        ' "spec": {"containers": [\n'
        '   {"name": "a", "image": "a", "readinessProbe": {"grpc": {"port": 9}, "timeoutSeconds": 1}},\n'
        '   {"name": "b", "image": "b", "livenessProbe": {"httpGet": {"port": 80}}}]}}\n'
    )
    run = lint(text, *PINNED)
    third, fourth = text.splitlines()[2], text.splitlines()[3]
    assert where(run) == [
        (TIMEOUT, 3, third.index('"timeoutSeconds"') + 1),
        (TIMEOUT, 4, fourth.index('"livenessProbe"') + 1),
    ]


def test_json_manifest_named_yaml_is_read(lint) -> None:
    manifest = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a", "readinessProbe": {"exec": {"command": ["x"]}}}]},
    }
    run = lint(json.dumps(manifest, indent=2), *PINNED)
    # json.dumps(indent=2) puts "readinessProbe" on line 11, indented by 8 spaces.
    assert where(run) == [(TIMEOUT, 11, 9)]


ANCHORS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: anchors
spec:
  template:
    spec:
      containers:
        - name: a
          readinessProbe: &probe
            httpGet: {path: /, port: 80}
            timeoutSeconds: 1
          livenessProbe: *probe
        - name: b
          readinessProbe:
            <<: *probe
            periodSeconds: 5
          livenessProbe:
            <<: *probe
            timeoutSeconds: 3
        - name: c
          readinessProbe:
            <<: [*probe]
            timeoutSeconds: 0
"""


def test_anchors_aliases_and_merge_keys(lint) -> None:
    run = lint(ANCHORS, "--format", "json", *PINNED)
    got = [(f["line"], f["column"], f["container"], f["path"]) for f in json_findings(run)]
    containers = "spec.template.spec.containers"
    # A value that comes through an alias or a merge points at where it is written (the anchored mapping);
    # an explicit key beside `<<` wins over the merged one, as in Kubernetes.
    assert got == [
        (12, 13, "a", f"{containers}[0].livenessProbe.timeoutSeconds"),
        (12, 13, "a", f"{containers}[0].readinessProbe.timeoutSeconds"),
        (12, 13, "b", f"{containers}[1].readinessProbe.timeoutSeconds"),
        (24, 13, "c", f"{containers}[2].readinessProbe.timeoutSeconds"),
    ]


COMMENTED = """\
# a file header
apiVersion: apps/v1  # the group
kind: Deployment
metadata:
  # the name below
  name: commented # trailing
spec:

  template:
    # before the pod spec
    spec:
      containers:
        # the only container
        - name: web   # trailing
          image: "nginx:1.27#not-a-comment"
          command: ["sh", "-c", "sleep 1 # inside a string"]
          readinessProbe:   # the probe
            # no timeout: the kubelet uses 1s
            httpGet: {path: /, # in a flow mapping
                      port: 80}
# a comment at column 1 in the middle of a block
          livenessProbe: # last
            tcpSocket: {port: 80}
            timeoutSeconds: 1
# a file footer
"""


def test_comments_everywhere(lint) -> None:
    run = lint(COMMENTED, "--format", "json", "--select", f"{SYNTAX},{TIMEOUT}")
    got = [(f["rule"], f["line"], f["column"]) for f in json_findings(run)]
    assert got == [(TIMEOUT, 17, 11)]  # the tcpSocket liveness probe is left alone by default


# --- YAML 1.1 scalars --------------------------------------------------------------------------

ENV_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: env
spec:
  containers:
    - name: app
      image: app
      env:
        - name: FLAG
          value: {value}
"""


@pytest.mark.parametrize("value", ["yes", "Yes", "NO", "on", "Off", "y", "N", "true"])
def test_yaml_1_1_booleans_are_booleans(lint, value: str) -> None:
    run = lint(ENV_POD.replace("{value}", value), "--select", "env-value-not-string")
    assert where(run) == [("env-value-not-string", 11, 11)]
    assert "boolean" in run.stdout


@pytest.mark.parametrize("value", ['"yes"', "'on'", "yess", "enabled", '"true"'])
def test_quoted_or_other_words_are_strings(lint, value: str) -> None:
    run = lint(ENV_POD.replace("{value}", value), "--select", "env-value-not-string")
    assert where(run) == []
    assert run.code == 0


# --- broken input --------------------------------------------------------------------------------


def test_a_broken_document_in_the_middle_is_one_finding_and_its_neighbours_are_linted(lint) -> None:
    broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n   bad: indent\n"
    text = DEPLOYMENT + "---\n" + broken + "---\n" + POD
    run = lint(text, *PINNED)
    broken_at = DEPLOYMENT.count("\n") + 1
    pod_at = broken_at + broken.count("\n") + 1
    assert where(run) == [DEPLOYMENT_FINDING, (SYNTAX, broken_at + 5, 7), shifted(POD_FINDING, pod_at)]
    assert "mapping values are not allowed" in run.stdout


def test_an_unclosed_flow_sequence_stops_at_the_next_document(lint) -> None:
    text = POD + "---\nkind: Pod\nspec: {containers: [a, b\n---\n" + POD
    run = lint(text, *PINNED)
    second = POD.count("\n") + 1
    assert where(run) == [POD_FINDING, (SYNTAX, second + 3, 1), shifted(POD_FINDING, second + 3)]


CHART_TEMPLATE = """\
{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          {{- toYaml .Values.probes | nindent 10 }}
{{- end }}
"""


def test_unrendered_template_says_how_to_render_it(lint) -> None:
    run = lint(CHART_TEMPLATE, *PINNED)
    assert where(run) == [(SYNTAX, 1, 1)]
    assert "unrendered Helm template ({{- if .Values.enabled }})" in run.stdout
    assert "helm template CHART | probelint -" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_template_that_happens_to_parse_is_still_reported(lint) -> None:
    # `name: {{ .Release.Name }}` is valid YAML (a mapping keyed by a mapping), but not a manifest.
    text = DEPLOYMENT.replace("name: web\nspec", "name: {{ .Release.Name }}\nspec")
    run = lint(text, *PINNED)
    assert where(run) == [(SYNTAX, 4, 9)]
    assert "unrendered Helm template ({{ .Release.Name }})" in run.stdout


def test_a_multi_document_template_is_reported_once(lint) -> None:
    text = CHART_TEMPLATE + "---\n" + CHART_TEMPLATE.replace("Deployment", "StatefulSet")
    run = lint(text, *PINNED)
    assert where(run) == [(SYNTAX, 1, 1)]


def test_braces_inside_strings_of_rendered_output_are_not_templates(lint) -> None:
    alerts = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n"
        '  summary: "{{ $labels.instance }} is down"\n'
        "  rules.yaml: |\n    description: {{ $value }} errors\n"
    )
    run = lint(alerts + "---\n" + DEPLOYMENT, *PINNED)
    assert where(run) == [shifted(DEPLOYMENT_FINDING, alerts.count("\n") + 1)]


def test_a_broken_document_beside_rendered_braces_is_a_syntax_error_not_a_template(lint) -> None:
    alerts = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  a: "{{ $labels.job }}"\n'
    text = alerts + "---\nkind: [broken\n---\n" + DEPLOYMENT
    run = lint(text, *PINNED)
    broken_at = alerts.count("\n") + 2
    assert where(run) == [(SYNTAX, broken_at + 1, 1), shifted(DEPLOYMENT_FINDING, broken_at + 1)]
    assert "unrendered" not in run.stdout


# --- Helm output ---------------------------------------------------------------------------------

HELM = """\
---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
---
# Source: shop/charts/redis/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: shop-redis
spec:
  template:
    spec:
      containers:
        - name: redis
          readinessProbe:
            exec:
              command: [redis-cli, ping]
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: shop
          readinessProbe:
            httpGet: {path: /, port: 80}
            timeoutSeconds: 1
---
apiVersion: v1
kind: Pod
metadata:
  name: added-by-hand
spec:
  containers:
    - name: a
      livenessProbe:
        grpc: {port: 9}
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_helm_source_comments_in_text_output(lint, newline: str) -> None:
    run = lint(HELM.replace("\n", newline).encode(), *PINNED)
    assert where(run) == [(TIMEOUT, 18, 11), (TIMEOUT, 34, 13), (TIMEOUT, 43, 7)]
    first, second, third = run.lines
    redis = "shop/charts/redis/templates/statefulset.yaml"
    assert first.endswith(f" (StatefulSet/shop-redis[redis]) [from {redis}]")
    assert second.endswith(" (Deployment/shop[shop]) [from shop/templates/deployment.yaml]")
    assert third.endswith(" (Pod/added-by-hand[a])")


def test_helm_source_in_json_output(lint) -> None:
    run = lint(HELM, "--format", "json", *PINNED)
    assert [f["source"] for f in json_findings(run)] == [
        "shop/charts/redis/templates/statefulset.yaml",
        "shop/templates/deployment.yaml",
        None,
    ]


def test_helm_output_on_standard_input() -> None:
    run = run_cli([*PINNED, "--format", "json", "-"], stdin=HELM.encode())
    found = json_findings(run)
    assert [(f["file"], f["line"], f["column"], f["source"]) for f in found] == [
        ("-", 18, 11, "shop/charts/redis/templates/statefulset.yaml"),
        ("-", 34, 13, "shop/templates/deployment.yaml"),
        ("-", 43, 7, None),
    ]
    assert run.code == 1


def test_standard_input_in_text_output() -> None:
    run = run_cli([*PINNED, "-"], stdin=DEPLOYMENT.encode())
    assert run.lines[0].startswith("-:13:13: warning probe-timeout-too-low ")
    assert run.stderr.splitlines() == [
        "0 errors, 1 warning in 1 file",
        "[*] 1 fixable with probelint --fix (preview with --diff)",
    ]


# --- walking directories ------------------------------------------------------------------------


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_directory_walk_rules(tmp_path: Path) -> None:
    write(tmp_path, "b/web.yaml", DEPLOYMENT)
    write(tmp_path, "a/nested/deep/pod.yml", POD)
    write(tmp_path, "a/notes.txt", DEPLOYMENT)
    write(tmp_path, "a/web.json", DEPLOYMENT)
    write(tmp_path, "a/web.yaml.bak", DEPLOYMENT)
    write(tmp_path, ".hidden/web.yaml", DEPLOYMENT)
    write(tmp_path, "a/.cache/web.yaml", DEPLOYMENT)
    write(tmp_path, ".git/web.yaml", DEPLOYMENT)
    write(tmp_path, "node_modules/pkg/web.yaml", DEPLOYMENT)
    run = run_cli([*PINNED, "."], cwd=tmp_path)
    assert [line.split(":")[0] for line in run.lines] == ["./a/nested/deep/pod.yml", "./b/web.yaml"]
    assert run.stderr.splitlines() == [
        "0 errors, 2 warnings in 2 files",
        "[*] 2 fixable with probelint --fix (preview with --diff)",
    ]


def test_an_explicit_file_is_linted_whatever_its_name(tmp_path: Path) -> None:
    write(tmp_path, "manifest.txt", DEPLOYMENT)
    run = run_cli([*PINNED, "manifest.txt"], cwd=tmp_path)
    assert where(run) == [DEPLOYMENT_FINDING]


needs_helm = pytest.mark.skipif(
    importlib.util.find_spec("helm_python") is None, reason="Helm's engine is not installed"
)

WEB_CHART_VALUES = """\
enabled: true
probes:
  readinessProbe:
    httpGet: {path: /ready, port: 8080}
    timeoutSeconds: 1
"""
# Line 1 (`{{- if ... }}`) is not YAML: read as a manifest, it would be a yaml-syntax error at 1:1.
WEB_CHART_DEPLOYMENT = """\
{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          {{- toYaml .Values.probes | nindent 10 }}
          livenessProbe:
            exec: {command: [cat, /tmp/healthy]}
            timeoutSeconds: 1
{{- end }}
"""
WEB_CHART_TEST = """\
{{- if .Values.enabled }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: test
      image: busybox:1.36
{{- end }}
"""


@needs_helm
def test_a_walked_tree_renders_its_charts_and_never_reads_their_templates_as_yaml(tmp_path: Path) -> None:
    write(tmp_path, "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
    write(tmp_path, "charts/web/values.yaml", WEB_CHART_VALUES)
    write(tmp_path, "charts/web/templates/deployment.yaml", WEB_CHART_DEPLOYMENT)
    write(tmp_path, "charts/web/templates/tests/test.yaml", WEB_CHART_TEST)
    write(tmp_path, "charts/db/Chart.yaml", "apiVersion: v2\nname: db\nversion: 0.1.0\n")
    write(tmp_path, "charts/db/values.yaml", WEB_CHART_VALUES)
    write(tmp_path, "charts/db/templates/statefulset.yaml", CHART_TEMPLATE)  # includes an undefined helper
    write(tmp_path, "plain/templates/web.yaml", DEPLOYMENT)  # no Chart.yaml above it: ordinary YAML
    run = run_cli(["--select", f"{SYNTAX},{TIMEOUT},helm-render", "."], cwd=tmp_path)
    assert [line.split(" (")[0] for line in run.lines] == [
        "./plain/templates/web.yaml:13:13: warning probe-timeout-too-low [*] readiness probe",
        # Helm names the line and the `include` that fails; the chart's other templates are still linted
        'charts/db/templates/statefulset.yaml:5:12: error helm-render executing "db/templates/statefulset.yaml" at '
        '<include "web.fullname" .>: error calling include: template: no template "web.fullname" associated with '
        'template "gotpl"',
        # a key the template writes: its line in the template
        "charts/web/templates/deployment.yaml:15:13: warning probe-timeout-too-low liveness probe",
        # a key the values file sets: its line in values.yaml, not the `toYaml` line of the template
        "charts/web/values.yaml:5:5: warning probe-timeout-too-low readiness probe",
    ]
    assert run.lines[2].endswith("(Deployment/web-web[web]) [from web/templates/deployment.yaml]")
    # no yaml-syntax finding: templates/*.yaml are rendered, never read as YAML; and no "skipped" note
    assert run.stderr.splitlines() == [
        "1 error, 3 warnings in 3 files",  # the plain file and the two charts
        "[*] 1 fixable with probelint --fix (preview with --diff)",
    ]
    assert run.code == 1


@needs_helm
def test_a_templates_folder_given_explicitly_stands_for_its_chart(tmp_path: Path) -> None:
    write(tmp_path, "chart/Chart.yaml", "apiVersion: v2\nname: x\nversion: 0.1.0\n")
    write(tmp_path, "chart/values.yaml", "enabled: true\n")
    write(tmp_path, "chart/templates/deployment.yaml", CHART_TEMPLATE)
    run = run_cli(
        ["--select", f"{SYNTAX},{TIMEOUT},helm-render", "chart/templates", "chart/templates/deployment.yaml"],
        cwd=tmp_path,
    )
    # the chart is rendered once (the folder and the file both stand for it), not read as YAML
    assert where(run) == [("helm-render", 5, 12)]  # `include` in `  name: {{ include "web.fullname" . }}`
    assert run.lines[0].startswith("chart/templates/deployment.yaml:5:12: error helm-render executing ")
    assert "helm template" not in run.stdout + run.stderr
    assert run.code == 1


# --- exit codes and options ---------------------------------------------------------------------


def test_exit_0_when_clean(lint) -> None:
    run = lint(DEPLOYMENT.replace("timeoutSeconds: 1", "timeoutSeconds: 5"), *PINNED)
    assert (run.code, run.stdout, run.stderr.strip()) == (0, "", "0 errors, 0 warnings in 1 file")


def test_exit_1_on_findings(lint) -> None:
    assert lint(DEPLOYMENT, *PINNED).code == 1


def test_a_missing_path_exits_2_after_linting_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "web.yaml", DEPLOYMENT)
    run = run_cli([*PINNED, "missing.yaml", "web.yaml", "gone/"], cwd=tmp_path)
    assert where(run) == [DEPLOYMENT_FINDING]
    assert "probelint: missing.yaml: no such file or directory" in run.stderr
    assert "probelint: gone/: no such file or directory" in run.stderr
    assert run.code == 2


def test_a_broken_symlink_is_named_as_such(tmp_path: Path) -> None:
    write(tmp_path, "web.yaml", DEPLOYMENT)
    (tmp_path / "old.yaml").symlink_to(tmp_path / "moved-away.yaml")
    run = run_cli([*PINNED, "."], cwd=tmp_path)
    assert where(run) == [DEPLOYMENT_FINDING]
    assert "probelint: ./old.yaml: broken symbolic link (its target does not exist)" in run.stderr
    assert run.code == 2


def test_no_path_is_a_usage_error() -> None:
    run = run_cli([])
    assert run.code == 2
    assert "give at least one PATH" in run.stderr


AWS_NODE_LATEST = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:latest
"""
WARNING_AND_INFO = AWS_NODE_LATEST + "---\n" + DEPLOYMENT
SEVERITY_RULES = ["--select", f"aws-node-version-unknown,{TIMEOUT}"]


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (WARNING_AND_INFO, "error", 0),
        (WARNING_AND_INFO, "warning", 1),
        (WARNING_AND_INFO, "info", 1),
        (AWS_NODE_LATEST, "warning", 0),
        (AWS_NODE_LATEST, "info", 1),
        (AWS_NODE_LATEST, "error", 0),
    ],
)
def test_fail_on_levels(lint, text: str, fail_on: str, code: int) -> None:
    run = lint(text, *SEVERITY_RULES, "--fail-on", fail_on)
    assert run.code == code
    assert run.lines  # the findings are printed whatever the threshold


def test_fail_on_error_with_an_error(lint) -> None:
    run = lint("kind: [broken\n", "--select", SYNTAX, "--fail-on", "error")
    assert (where(run), run.code) == ([(SYNTAX, 2, 1)], 1)


def test_fail_on_rejects_unknown_levels(lint) -> None:
    run = lint(DEPLOYMENT, "--fail-on", "fatal")
    assert run.code == 2


def test_select_and_ignore(lint) -> None:
    text = DEPLOYMENT + "---\n" + AWS_NODE_LATEST
    assert {rule for rule, _, _ in where(lint(text, *SEVERITY_RULES))} == {TIMEOUT, "aws-node-version-unknown"}
    assert where(lint(text, "--select", f" {TIMEOUT} ,")) == [DEPLOYMENT_FINDING]
    ignored = lint(text, *SEVERITY_RULES, "--ignore", "aws-node-version-unknown")
    assert where(ignored) == [DEPLOYMENT_FINDING]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_id_is_a_usage_error_with_a_suggestion(lint, option: str) -> None:
    run = lint(DEPLOYMENT, option, "probe-timeout-to-low")
    assert run.code == 2
    assert "unknown rule 'probe-timeout-to-low'; did you mean probe-timeout-too-low?" in run.stderr
    assert run.stdout == ""


# --- colour ----------------------------------------------------------------------------------------


def run_on_terminal(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run probelint with standard output on a pseudo-terminal; what it printed there."""
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    environment.update(env or {})
    environment["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "probelint", *args],
        cwd=cwd,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    process.wait(timeout=60)
    return output.decode()


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, True),
        (["--no-color"], {}, False),
        ([], {"NO_COLOR": "1"}, False),
    ],
)
def test_colour_only_on_a_terminal_and_never_when_asked(tmp_path: Path, args, env, coloured: bool) -> None:
    (tmp_path / "web.yaml").write_text(DEPLOYMENT)
    shown = run_on_terminal([*args, *PINNED, "web.yaml"], tmp_path, env)
    assert "probe-timeout-too-low" in shown
    assert ("\x1b[" in shown) is coloured


def test_no_colour_when_piped(tmp_path: Path) -> None:
    (tmp_path / "web.yaml").write_text(DEPLOYMENT)
    done = subprocess.run(
        [sys.executable, "-m", "probelint", *PINNED, "web.yaml"],
        cwd=tmp_path,
        capture_output=True,
        env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert b"probe-timeout-too-low" in done.stdout
    assert b"\x1b[" not in done.stdout


def test_decimal_with_a_leading_zero_is_a_number_as_in_go_yaml(lint) -> None:
    """`value: 089` is not octal; sigs.k8s.io/yaml (go-yaml v2) reads the number 89, which an env value rejects."""
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - name: c\n      image: x\n      env:\n        - name: A\n          value: 089\n"
        "        - name: B\n          value: 0755\n        - name: C\n          value: '089'\n"
    )
    run = lint(text, "--select", "env-value-not-string")
    assert [line.split(": ")[0] for line in run.lines] == ["example.yaml:10:11", "example.yaml:12:11"]


# --- documents ended by `...`, Helm sources beside broken documents, paths named twice ----------------

TIMEOUT_AND_SYNTAX = ["--select", "probe-timeout-too-low,yaml-syntax"]


def _where(lines: list[str]) -> list[tuple[int, int, str]]:
    result = []
    for line in lines:
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        result.append((int(row), int(column), rest.split()[1]))
    return result


def test_a_document_ended_by_dots_before_a_broken_one_is_not_an_error(lint) -> None:
    text = (
        NAMED_DEPLOYMENT.replace("NAME", "a")
        + "...\n---\nbroken: [1, 2\n...\n---\n"
        + NAMED_DEPLOYMENT.replace("NAME", "b")
    )
    run = lint(text, *TIMEOUT_AND_SYNTAX)
    assert _where(run.lines) == [
        (13, 13, "probe-timeout-too-low"),
        (17, 1, "yaml-syntax"),
        (31, 13, "probe-timeout-too-low"),
    ]


def test_a_broken_document_keeps_its_helm_source_to_itself(lint) -> None:
    text = (
        "---\n# Source: chart/templates/a.yaml\n"
        + NAMED_DEPLOYMENT.replace("NAME", "a")
        + "---\n# Source: chart/templates/broken.yaml\nbroken: [1, 2\n---\n"
        + NAMED_DEPLOYMENT.replace("NAME", "b")
    )
    run = lint(text, "--select", "probe-timeout-too-low")
    assert [line.rsplit(" [from ", 1)[-1] if "[from" in line else None for line in run.lines] == [
        "chart/templates/a.yaml]",
        None,
    ]


def test_documents_after_a_broken_one_are_kept_with_cr_only_line_endings(lint) -> None:
    text = (
        NAMED_DEPLOYMENT.replace("NAME", "a") + "---\nbroken: [1, 2\n---\n" + NAMED_DEPLOYMENT.replace("NAME", "b")
    ).replace("\n", "\r")
    run = lint(text.encode(), *TIMEOUT_AND_SYNTAX)
    assert _where(run.lines) == [
        (13, 13, "probe-timeout-too-low"),
        (16, 1, "yaml-syntax"),
        (29, 13, "probe-timeout-too-low"),
    ]


def test_a_file_named_twice_is_linted_once(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.yaml").write_text(NAMED_DEPLOYMENT.replace("NAME", "a"))
    run = run_cli([*TIMEOUT_AND_SYNTAX, "d", "./d/a.yaml", str(folder / "a.yaml")], cwd=tmp_path)
    assert run.lines == [run.lines[0]]
    assert run.lines[0].startswith("d/a.yaml:13:13:")
    assert "in 1 file" in run.stderr


def test_an_empty_select_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(NAMED_DEPLOYMENT.replace("NAME", "a"))
    for value in ("", ","):
        run = run_cli(["--select", value, "a.yaml"], cwd=tmp_path)
        assert run.code == 2
        assert "--select needs at least one rule id" in run.stderr
