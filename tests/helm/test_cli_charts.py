"""Charts through the command line: each finding at the template or values line a user edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import probelint.sources.helm_engine
from probelint.run.parallel import MIN_FILES_FOR_POOL
from probelint.sources.helm_engine import HelmUnavailableError
from tests.support import CORPUS, run_cli, run_process
from tests.support.helmchart import write_chart
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

CHARTS = CORPUS / "charts"
VPC_CNI = CHARTS / "aws__amazon-vpc-cni-k8s" / "charts" / "aws-vpc-cni"
METRICS = CHARTS / "kubernetes-sigs__metrics-server" / "charts" / "metrics-server"
NGINX = CHARTS / "kubernetes__ingress-nginx" / "charts" / "ingress-nginx"
needs_charts = pytest.mark.skipif(not CHARTS.is_dir(), reason="../shared/corpus/charts is not available")

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
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
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            timeoutSeconds: {{ .Values.readinessTimeout }}
          livenessProbe:
            {{- toYaml .Values.livenessProbe | nindent 12 }}
        - name: sidecar
          image: busybox
"""
HELPERS = """
{{- define "web.labels" -}}
app: web
{{- end }}
"""
VALUES = """
readinessTimeout: 1
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  timeoutSeconds: 1
  periodSeconds: 10
  failureThreshold: 6
"""
SELECT = "probe-timeout-too-low,liveness-probe-missing,readiness-probe-missing,helm-render"


def _chart(tmp_path: Path, **extra: str) -> Path:
    files = {"values.yaml": VALUES, "templates/deployment.yaml": DEPLOYMENT, "templates/_helpers.tpl": HELPERS}
    return write_chart(tmp_path, {**files, **extra}, name="web")


def _positions(stdout: str) -> list[tuple[str, str, int, int]]:
    found = json.loads(stdout)["findings"]
    return [(f["rule"], f["file"], f["line"], f["column"]) for f in found]


def test_findings_land_on_the_values_and_template_lines(tmp_path: Path) -> None:
    _chart(tmp_path)
    run = run_cli(["--select", SELECT, "web"], cwd=tmp_path)
    assert [line.split(" ", 3)[:3] for line in run.lines] == [
        ["web/templates/deployment.yaml:27:11:", "warning", "liveness-probe-missing"],  # - name: sidecar
        ["web/templates/deployment.yaml:27:11:", "info", "readiness-probe-missing"],  # a helper with no ports
        ["web/values.yaml:1:1:", "warning", "probe-timeout-too-low"],  # readinessTimeout: 1
        ["web/values.yaml:6:3:", "warning", "probe-timeout-too-low"],  # livenessProbe.timeoutSeconds: 1
    ]
    assert run.code == 1


def test_json_carries_every_location_and_exactness(tmp_path: Path) -> None:
    _chart(tmp_path)
    run = run_cli(["--format", "json", "--select", "probe-timeout-too-low", "web"], cwd=tmp_path)
    first, second = json.loads(run.stdout)["findings"]
    assert (first["file"], first["line"], first["column"], first["exact"]) == ("web/values.yaml", 1, 1, True)
    rendered_line = 2 + 24  # `---` and `# Source:` above the template's line 24
    assert first["locations"] == [
        {"file": "web/templates/deployment.yaml", "line": 24, "column": 13, "role": "template"},
        {"file": "web", "line": rendered_line, "column": 13, "role": "rendered"},
    ]
    assert first["source"] == "web/templates/deployment.yaml"
    assert (second["file"], second["line"], second["column"]) == ("web/values.yaml", 6, 3)
    assert [where["role"] for where in second["locations"]] == ["template", "rendered"]


def test_a_key_a_helper_writes_is_placed_at_the_enclosing_key_and_marked_inexact(tmp_path: Path) -> None:
    helpers = '{{- define "web.labels" -}}\napp: web\ntimeoutSeconds: 1\n{{- end }}\n'
    template = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n"
        '    {{- include "web.labels" . | nindent 4 }}\n'
    )
    chart = write_chart(tmp_path, {"templates/cm.yaml": template, "templates/_helpers.tpl": helpers}, name="web")
    from probelint.sources.helm_render import render_chart

    rendered = render_chart(str(tmp_path / "web"))
    line = rendered.text.split("\n").index("    timeoutSeconds: 1") + 1
    located = rendered.locate(line, 5, "metadata.labels.timeoutSeconds")
    assert located.exact is False
    assert (located.primary.file, located.primary.line, located.primary.column) == (f"{chart}/templates/cm.yaml", 5, 3)


def test_set_values_point_at_the_template_and_say_so(tmp_path: Path) -> None:
    _chart(tmp_path)
    run = run_cli(["--select", "probe-timeout-too-low", "--set", "readinessTimeout=1", "web"], cwd=tmp_path)
    first = run.lines[0]
    assert first.startswith("web/templates/deployment.yaml:24:13: warning probe-timeout-too-low ")
    assert "(value set by --set (readinessTimeout))" in first


def test_values_files_later_wins_and_unset_keys_stay_in_the_chart(tmp_path: Path) -> None:
    _chart(tmp_path)
    (tmp_path / "a.yaml").write_text("readinessTimeout: 1\n")
    (tmp_path / "b.yaml").write_text("# prod\nreadinessTimeout: 1\n")
    run = run_cli(["--select", "probe-timeout-too-low", "-f", "a.yaml", "--values", "b.yaml", "web"], cwd=tmp_path)
    assert [line.split(": ", 1)[0] for line in run.lines] == ["b.yaml:2:1", "web/values.yaml:6:3"]


def test_a_template_that_fails_to_render_is_one_finding_and_the_rest_is_linted(tmp_path: Path) -> None:
    broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "nope" . }}\n'
    _chart(tmp_path, **{"templates/broken.yaml": broken})
    run = run_cli(["--select", SELECT, "web"], cwd=tmp_path)
    assert run.lines[0].startswith("web/templates/broken.yaml:4:12: error helm-render ")  # at `include`
    assert 'no template "nope"' in run.lines[0]
    assert len(run.lines) == 5  # and the deployment's four findings
    assert run.code == 1


def test_a_declared_dependency_that_is_missing_is_named(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    (chart / "Chart.yaml").write_text(
        "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n"
    )
    run = run_cli(["--select", "helm-render", "web"], cwd=tmp_path)
    assert run.lines == [
        "web/Chart.yaml:5:11: error helm-render dependency 'redis' is declared in Chart.yaml but missing under "
        "charts/ (`helm dependency build`)"
    ]


def test_walking_a_tree_renders_its_charts_and_lints_its_manifests(tmp_path: Path) -> None:
    (tmp_path / "repo" / "k8s").mkdir(parents=True)
    (tmp_path / "repo" / "k8s" / "plain.yaml").write_text(VALUES)  # not a manifest: nothing to say
    _chart(tmp_path / "repo" / "charts")
    run = run_cli(["--select", "probe-timeout-too-low", "repo"], cwd=tmp_path)
    assert [line.split(": ", 1)[0] for line in run.lines] == [
        "repo/charts/web/values.yaml:1:1",
        "repo/charts/web/values.yaml:6:3",
    ]
    assert "1 file" in run.stderr.splitlines()[-1] or "2 files" in run.stderr.splitlines()[-1]


def test_a_file_inside_a_chart_lints_the_chart_once(tmp_path: Path) -> None:
    _chart(tmp_path)
    args = ["--select", "probe-timeout-too-low", "web/templates/deployment.yaml", "web/values.yaml", "web/Chart.yaml"]
    run = run_cli(args, cwd=tmp_path)
    assert [line.split(": ", 1)[0] for line in run.lines] == ["web/values.yaml:1:1", "web/values.yaml:6:3"]


def test_all_values_lints_each_ci_file_and_reports_each_position_once(tmp_path: Path) -> None:
    _chart(tmp_path, **{"ci/fast-values.yaml": "readinessTimeout: 1\n", "ci/slow-values.yaml": "readinessTimeout: 9\n"})
    run = run_cli(["--select", "probe-timeout-too-low", "--all-values", "web"], cwd=tmp_path)
    assert [line.split(": ", 1)[0] for line in run.lines] == [
        "web/ci/fast-values.yaml:1:1",
        "web/values.yaml:1:1",
        "web/values.yaml:6:3",
    ]


def test_charts_rendered_by_worker_processes_report_what_one_process_reports(tmp_path: Path) -> None:
    """With a pool, each chart is rendered and linted in a worker (a fresh process: Helm's engine is
    loaded there): the findings, their order, the errors and the exit code are those of --jobs 1."""
    _chart(tmp_path, **{"ci/fast-values.yaml": "readinessTimeout: 1\n", "ci/slow-values.yaml": "readinessTimeout: 9\n"})
    broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "nope" . }}\n'
    _chart(tmp_path / "failing", **{"templates/broken.yaml": broken})
    unreadable = _chart(tmp_path / "unreadable")
    (unreadable / "Chart.yaml").write_text("apiVersion: v2\nname: web\n")  # no version: Helm refuses it
    for n in range(MIN_FILES_FOR_POOL):
        (tmp_path / f"plain-{n:02}.yaml").write_text(DEPLOYMENT_WITHOUT_PROBES.replace("name: web", f"name: web-{n}"))
    args = ["--format", "json", "--select", SELECT, "--all-values", "."]
    serial, pooled = (run_process([f"-j{jobs}", *args], cwd=tmp_path) for jobs in (1, 2))
    assert (pooled.code, pooled.stdout, pooled.stderr) == (serial.code, serial.stdout, serial.stderr)
    assert serial.code == 2
    assert "probelint: validation: chart.metadata.version is required" in serial.stderr.splitlines()
    files = {finding["file"] for finding in json.loads(serial.stdout)["findings"]}
    assert {"web/ci/fast-values.yaml", "failing/web/templates/broken.yaml", "./plain-00.yaml"} <= files


def test_sarif_relates_the_template_line(tmp_path: Path) -> None:
    _chart(tmp_path)
    run = run_cli(["--format", "sarif", "--select", "probe-timeout-too-low", "web"], cwd=tmp_path)
    result = json.loads(run.stdout)["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "web/values.yaml"
    # the extent was measured in the rendered stream, so the values file gets an empty region at the key
    assert location["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "web/templates/deployment.yaml"
    assert related["physicalLocation"]["region"] == {"startLine": 24, "startColumn": 13}


def test_without_helms_engine_a_chart_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _chart(tmp_path)
    (tmp_path / "plain.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")

    def no_engine() -> None:
        raise HelmUnavailableError(probelint.sources.helm_engine.NO_ENGINE_MESSAGE)

    monkeypatch.setattr("probelint.sources.helm_render.find_engine", no_engine)
    run = run_cli(["web", "plain.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.splitlines()[0] == (
        "probelint: linting a Helm chart needs Helm's template engine: pip install 'probelint[helm]' "
        "(the helm-python-sdk package) or put the helm binary on PATH"
    )


@pytest.mark.corpus
@needs_charts
def test_vpc_cni_with_pod_eni_values(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text('env:\n  ENABLE_POD_ENI: "true"\nlivenessProbeTimeoutSeconds: 5\n')
    run = run_cli(["--format", "json", "-f", str(values), str(VPC_CNI)])
    chart = str(VPC_CNI)
    # The CNI's own probes get no generic design findings (startup-probe-missing, liveness-same-as-
    # readiness), and one too-low timeout is one finding (aws-node-probe-timeout asks the most).
    assert sorted(_positions(run.stdout)) == sorted(
        [
            ("liveness-probe-missing", f"{chart}/templates/daemonset.yaml", 137, 11),  # - name: aws-eks-nodeagent
            ("readiness-probe-missing", f"{chart}/templates/daemonset.yaml", 137, 11),
            ("aws-node-enforcing-mode", str(values), 1, 1),  # env:
            ("aws-node-probe-timeout", str(values), 3, 1),  # livenessProbeTimeoutSeconds: 5
        ]
    )
    [merged] = [f for f in json.loads(run.stdout)["findings"] if f["rule"] == "aws-node-probe-timeout"]
    assert "exec-probe-timeout-mismatch" in merged["detail"]


@pytest.mark.corpus
@needs_charts
@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        (
            METRICS,
            [
                ("probe-timeout-too-low", "values.yaml", 106, 1),  # livenessProbe: (no timeoutSeconds)
                ("probe-timeout-too-low", "values.yaml", 115, 1),  # readinessProbe:
            ],
        ),
        (
            NGINX,
            [
                ("probe-port-not-declared", "values.yaml", 356, 7),  # livenessProbe.httpGet.port
                ("probe-timeout-too-low", "values.yaml", 360, 5),  # livenessProbe.timeoutSeconds: 1
                ("probe-port-not-declared", "values.yaml", 367, 7),
                ("probe-timeout-too-low", "values.yaml", 371, 5),
            ],
        ),
    ],
    ids=["metrics-server", "ingress-nginx"],
)
def test_shared_charts_with_every_ci_values_file(chart: Path, expected: list[tuple[str, str, int, int]]) -> None:
    run = run_cli(["--format", "json", "--all-values", str(chart)])
    assert _positions(run.stdout) == [(rule, f"{chart}/{file}", line, column) for rule, file, line, column in expected]
    for rule, file, line, _ in expected:  # every position holds what the finding is about
        text = (chart / file).read_text().split("\n")[line - 1]
        assert ("port" in text) if rule == "probe-port-not-declared" else ("timeoutSeconds" in text or "Probe:" in text)


def test_the_configuration_sets_values_per_chart_and_the_command_line_wins(tmp_path: Path) -> None:
    _chart(tmp_path)
    (tmp_path / "prod.yaml").write_text("# production\nreadinessTimeout: 1\n")
    (tmp_path / "fast.yaml").write_text("readinessTimeout: 1\n")
    (tmp_path / ".probelint.yaml").write_text(
        "helm:\n  release-name: shop\n  charts:\n    web:\n      values: [prod.yaml]\n"
    )
    args = ["--format", "json", "--select", "probe-timeout-too-low", "web"]
    configured = json.loads(run_cli(args, cwd=tmp_path).stdout)["findings"]
    assert [(f["file"], f["line"], f["name"]) for f in configured] == [
        ("prod.yaml", 2, "shop"),
        ("web/values.yaml", 6, "shop"),
    ]
    overridden = json.loads(run_cli(["-f", "fast.yaml", "--release-name", "dev", *args], cwd=tmp_path).stdout)
    assert [(f["file"], f["line"], f["name"]) for f in overridden["findings"]] == [
        ("fast.yaml", 1, "dev"),
        ("web/values.yaml", 6, "dev"),
    ]


def test_a_misspelt_helm_setting_is_a_configuration_error_at_its_key(tmp_path: Path) -> None:
    _chart(tmp_path)
    (tmp_path / ".probelint.yaml").write_text("helm:\n  charts:\n    web:\n      valus: [prod.yaml]\n")
    run = run_cli(["web"], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith(".probelint.yaml:4:7: unknown key 'valus' (did you mean 'values'?)")


def _helm_template(chart: Path, values: dict[str, object] | None = None, name: str = "release-name") -> bytes:
    """What `helm template` prints for the chart (Helm's own engine, as the helm CLI uses it)."""
    import helm_python

    loaded = helm_python.Chart.load(str(chart))
    try:
        rendered = loaded.render(values or {}, name=name, namespace="default")
    finally:
        loaded.close()
    return "".join(
        f"---\n# Source: {source}\n{text}\n" for source, text in sorted(rendered.items()) if source.endswith(".yaml")
    ).encode()


def test_piped_helm_template_output_maps_onto_the_chart_named_by_its_source(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    stream = _helm_template(chart)
    run = run_cli(["--select", "probe-timeout-too-low", "-"], cwd=tmp_path, stdin=stream)
    assert [line.split(": ", 1)[0] for line in run.lines] == ["web/values.yaml:1:1", "web/values.yaml:6:3"]
    named = run_cli(["--select", "probe-timeout-too-low", "--chart", "web", "-"], cwd=tmp_path, stdin=stream)
    assert named.lines == run.lines


def test_piped_output_rendered_with_other_values_keeps_its_rendered_positions(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    stream = _helm_template(chart, {"readinessTimeout": 1, "livenessProbe": {"timeoutSeconds": 1, "periodSeconds": 9}})
    run = run_cli(["--format", "json", "--select", "probe-timeout-too-low", "-"], cwd=tmp_path, stdin=stream)
    found = json.loads(run.stdout)["findings"]
    assert {f["file"] for f in found} == {"-"}  # not this chart's defaults: no line is claimed
    assert all(f["locations"] == [] for f in found)
