"""`probelint --explain-event` end to end: events matched to workloads across files and charts, the
findings that explain them at their positions, every output format, and the exit codes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.support import run_cli
from tests.support.aws_node import aws_node
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES

WEB = (
    DEPLOYMENT_WITHOUT_PROBES
    + """\
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            timeoutSeconds: 1
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            timeoutSeconds: 1
"""
)
DB = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
          readinessProbe:
            tcpSocket:
              port: pg
            timeoutSeconds: 3
          livenessProbe:
            tcpSocket:
              port: pg
            timeoutSeconds: 3
            periodSeconds: 10
            failureThreshold: 6
"""
TIMEOUT = (
    'Readiness probe failed: Get "http://10.0.3.7:8080/ready": context deadline exceeded '
    "(Client.Timeout exceeded while awaiting headers)"
)


def _write(directory: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (directory / name).write_text(text)


def _row(pod: str, message: str) -> str:
    return f"2m   Warning   Unhealthy   pod/{pod}   {message}\n"


def test_an_event_points_at_the_finding_on_its_container_and_probe(tmp_path: Path) -> None:
    _write(tmp_path, {"web.yaml": WEB, "db.yaml": DB})
    run = run_cli(["--explain-event", _row("web-7d9c8b6f5-x2x9k", TIMEOUT), "web.yaml", "db.yaml"], cwd=tmp_path)
    assert run.code == 1
    found = [line.strip() for line in run.lines if line.strip().startswith("found:")]
    # The liveness probe's timeout (line 27) does not explain a readiness event.
    assert found == [
        "found: web.yaml:22:13: warning probe-timeout-too-low [*] readiness probe (httpGet): timeoutSeconds 1; "
        "set 2 or more (Deployment/web[web])"
    ]
    assert "  workload: Deployment web in web.yaml" in run.lines
    assert "       the aws-node DaemonSet is not among the paths" in run.lines


def test_a_pod_whose_manifest_looks_right_says_so_and_what_to_check(tmp_path: Path) -> None:
    _write(tmp_path, {"web.yaml": WEB, "db.yaml": DB})
    event = _row("db-0", "Readiness probe failed: dial tcp 10.0.4.2:5432: connect: connection refused")
    run = run_cli(["--explain-event", event, "."], cwd=tmp_path)
    assert run.code == 0
    assert "  workload: StatefulSet db in ./db.yaml" in run.lines
    assert (
        "  the manifest looks right for this: no rule above finds anything on it; check the rest as listed" in run.lines
    )
    assert (
        "       next: list the listening sockets: `kubectl exec db-0 -- sh -c 'ss -ltn || netstat -ltn'` "
        "(127.0.0.1:PORT means the app must listen on 0.0.0.0)"
    ) in run.lines


def test_the_workloads_linted_in_worker_processes_reach_the_explanation(tmp_path: Path) -> None:
    """The workloads (which only --explain-event keeps) come back from a pool of workers as from one process."""
    _write(tmp_path, {"web.yaml": WEB, "db.yaml": DB})
    _write(tmp_path, {f"other-{i:02}.yaml": WEB.replace("name: web", f"name: other-{i:02}") for i in range(16)})
    event = _row("db-0", "Readiness probe failed: dial tcp 10.0.4.2:5432: connect: connection refused")
    serial, pooled = (run_cli(["--explain-event", event, "-j", jobs, "."], cwd=tmp_path) for jobs in ("1", "2"))
    assert "  workload: StatefulSet db in ./db.yaml" in pooled.lines
    assert (pooled.code, pooled.stdout) == (serial.code, serial.stdout)


def test_describe_output_names_the_container_and_the_controller(tmp_path: Path) -> None:
    _write(tmp_path, {"web.yaml": WEB})
    describe = textwrap.dedent(
        """\
        Name:             web-7d9c8b6f5-x2x9k
        Namespace:        shop
        Controlled By:  ReplicaSet/web-7d9c8b6f5
        Containers:
          web:
            Image:          nginx:1.27
        Events:
          Type     Reason     Age                From     Message
          ----     ------     ----               ----     -------
          Normal   Killing    41s                kubelet  Container web failed liveness probe, will be restarted
        """
    )
    run = run_cli(["--explain-event", "-", "web.yaml"], cwd=tmp_path, stdin=describe.encode())
    assert run.code == 1
    assert run.lines[:3] == [
        "Container web failed liveness probe, will be restarted",
        "  pod: shop/web-7d9c8b6f5-x2x9k, container web",
        "  workload: Deployment web in web.yaml",
    ]
    found = [line.strip() for line in run.lines if line.strip().startswith("found:")]
    # The liveness timeoutSeconds; the readiness one (line 22) does not explain a liveness restart.
    assert found == [
        "found: web.yaml:27:13: warning probe-timeout-too-low [*] liveness probe (httpGet): timeoutSeconds 1; "
        "set 2 or more (Deployment/web[web])"
    ]


def test_the_aws_node_daemonset_among_the_paths_is_checked(tmp_path: Path) -> None:
    cni = aws_node(main_env=[("ENABLE_POD_ENI", "true")])
    _write(tmp_path, {"web.yaml": WEB.replace("timeoutSeconds: 1", "timeoutSeconds: 3"), "cni.yaml": cni})
    run = run_cli(["--explain-event", _row("web-7d9c8b6f5-x2x9k", TIMEOUT), "web.yaml", "cni.yaml"], cwd=tmp_path)
    assert run.code == 1
    found = [line.strip() for line in run.lines if line.strip().startswith("found:")]
    assert len(found) == 1
    assert found[0].startswith("found: cni.yaml:")
    assert " error aws-node-enforcing-mode " in found[0]


def test_the_aws_node_daemonset_set_up_right_is_reported_as_checked(tmp_path: Path) -> None:
    _write(tmp_path, {"web.yaml": WEB, "cni.yaml": aws_node()})
    run = run_cli(["--explain-event", _row("web-7d9c8b6f5-x2x9k", TIMEOUT), "web.yaml", "cni.yaml"], cwd=tmp_path)
    assert "       checked DaemonSet aws-node in cni.yaml: nothing found" in run.lines


def test_json_and_sarif_carry_only_the_explaining_findings(tmp_path: Path) -> None:
    _write(tmp_path, {"web.yaml": WEB})
    event = _row("web-7d9c8b6f5-x2x9k", TIMEOUT)
    run = run_cli(["--explain-event", event, "--format", "json", "web.yaml"], cwd=tmp_path)
    assert run.code == 1
    report = json.loads(run.stdout)
    findings = report["findings"] if isinstance(report, dict) else report
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("probe-timeout-too-low", 22, 13)]
    assert run.stderr.startswith(TIMEOUT + "\n")
    sarif = json.loads(run_cli(["--explain-event", event, "--format", "sarif", "-q", "web.yaml"], cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("probe-timeout-too-low", 22)
    ]


def test_without_manifests_the_causes_and_rules_are_listed(tmp_path: Path) -> None:
    run = run_cli(["--explain-event", "Readiness probe failed: HTTP probe failed with statuscode: 404"], cwd=tmp_path)
    assert run.code == 0
    assert (
        run.lines[4]
        == "    1. the path does not exist (404), has whitespace, or is a full URL [http-probe-path-invalid]"
    )
    assert run.lines[5] == (
        "       next: ask for it as the kubelet does: "
        "`kubectl exec POD -- curl -i -H 'User-Agent: kube-probe/1.30' http://localhost:PORT/PATH`"
    )


def test_unknown_text_says_so_and_lists_the_known_texts(tmp_path: Path) -> None:
    run = run_cli(["--explain-event", "Readiness probe failed: something odd"], cwd=tmp_path)
    assert run.code == 0
    assert run.lines[:4] == [
        "Readiness probe failed: something odd",
        "  not recognised: probelint does not know this text",
        "",
        "probelint recognises these kubelet texts (see docs/events.md):",
    ]
    assert "  - context deadline exceeded (Client.Timeout exceeded while awaiting headers)" in run.lines


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    run = run_cli(["--explain-event", '{"items": ['], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.startswith("probelint: --explain-event: the event input is neither valid JSON nor YAML")


def test_standard_input_cannot_be_both_the_events_and_a_path(tmp_path: Path) -> None:
    run = run_cli(["--explain-event", "-", "-"], cwd=tmp_path, stdin=b"x")
    assert run.code == 2
    assert "a PATH cannot be - as well" in run.stderr


def test_the_readme_worked_example_is_what_probelint_prints(tmp_path: Path) -> None:
    from tests.support import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## From symptom to cause") :]
    command = next(line for line in section.splitlines() if line.startswith("$ probelint --explain-event"))
    event = command.split("'")[1]
    _write(tmp_path, {"web.yaml": WEB})
    run = run_cli(["--explain-event", event, "web.yaml"], cwd=tmp_path)
    shown = section.split(command + "\n", 1)[1].split("    ...\n", 1)[0].splitlines()
    assert run.lines[: len(shown)] == shown
