"""liveness-probe-missing and readiness-probe-missing through the command line: which workloads and
containers they cover, where they point, and how a Service in any file of the run makes readiness an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from manifests import DEPLOYMENT_WITHOUT_PROBES as DEPLOYMENT

SELECT = ["--select", "liveness-probe-missing,readiness-probe-missing"]


def _ids(lines: list[str]) -> list[tuple[str, str, str]]:
    """(position, severity, rule) of each output line."""
    result = []
    for line in lines:
        where, severity, rule = line.split(" ")[:3]
        result.append((where, severity, rule))
    return result


def test_deployment_without_probes_gets_both_warnings_at_the_name_key(lint) -> None:
    result = lint(DEPLOYMENT, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
    ]
    assert result.lines[0].endswith("(Deployment/web, container web)")
    assert "the kubelet never restarts it" in result.lines[0]
    assert "an exec command that checks a heartbeat" in result.lines[0]  # no ports declared
    assert result.code == 1


def test_liveness_advice_depends_on_ports(lint) -> None:
    text = DEPLOYMENT + "          ports:\n            - containerPort: 8080\n"
    result = lint(text, "--select", "liveness-probe-missing")
    assert len(result.lines) == 1
    assert "a cheap endpoint that checks only the process itself" in result.lines[0]


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [
        ("apps/v1", "StatefulSet"),
        ("apps/v1", "DaemonSet"),
        ("apps/v1", "ReplicaSet"),
        ("v1", "ReplicationController"),
        ("apps.openshift.io/v1", "DeploymentConfig"),
        ("argoproj.io/v1alpha1", "Rollout"),
        ("apps.kruise.io/v1alpha1", "CloneSet"),
        ("serving.knative.dev/v1", "Service"),
    ],
)
def test_every_long_running_kind_is_checked(lint, api_version: str, kind: str) -> None:
    text = DEPLOYMENT.replace("apps/v1", api_version).replace("Deployment", kind)
    result = lint(text, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
    ]


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: one
  labels: {app: one}
spec:
{policy}  containers:
    - name: main
      image: busybox:1.36
"""


@pytest.mark.parametrize("policy", ["", "  restartPolicy: Always\n"])
def test_pod_that_restarts_always_is_checked(lint, policy: str) -> None:
    result = lint(POD.replace("{policy}", policy), *SELECT)
    line = 9 if policy else 8
    assert _ids(result.lines) == [
        (f"example.yaml:{line}:7:", "warning", "liveness-probe-missing"),
        (f"example.yaml:{line}:7:", "warning", "readiness-probe-missing"),
    ]


@pytest.mark.parametrize("policy", ["Never", "OnFailure"])
def test_pod_that_runs_to_completion_is_not_checked(lint, policy: str) -> None:
    result = lint(POD.replace("{policy}", f"  restartPolicy: {policy}\n"), *SELECT)
    assert result.lines == []
    assert result.code == 0


JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: example/migrate:1
"""

CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: example/report:1
"""

HOOK_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web-test-connection
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox:1.36
      command: ["wget", "web:80"]
"""


@pytest.mark.parametrize("text", [JOB, CRONJOB, HOOK_POD], ids=["job", "cronjob", "helm-test-hook"])
def test_run_once_workloads_are_not_checked(lint, text: str) -> None:
    result = lint(text, *SELECT)
    assert result.lines == []
    assert result.code == 0


def test_helm_hook_deployment_is_not_checked(lint) -> None:
    text = DEPLOYMENT.replace("  name: web\n", '  name: web\n  annotations:\n    "helm.sh/hook": pre-install\n', 1)
    assert lint(text, *SELECT).lines == []


def test_job_template_restart_policy_never_is_not_checked_in_a_custom_kind(lint) -> None:
    text = DEPLOYMENT.replace("Deployment", "Workflowish")
    text = text.replace("    spec:\n      containers", "    spec:\n      restartPolicy: Never\n      containers")
    assert lint(text, *SELECT).lines == []


SIDECARS = """\
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
      initContainers:
        - name: migrate
          image: example/migrate:1
        - name: proxy
          image: envoyproxy/envoy:v1.31
          restartPolicy: Always
          ports:
            - containerPort: 9901
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
          livenessProbe:
            tcpSocket: {port: 8080}
          readinessProbe:
            tcpSocket: {port: 8080}
"""


def test_sidecar_is_checked_and_plain_init_container_is_not(lint) -> None:
    result = lint(SIDECARS, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:15:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:15:11:", "warning", "readiness-probe-missing"),
    ]
    assert "container proxy" in result.lines[0]
    # Its own ports may still be served too soon, but web's readiness probe already gates the pod.
    assert "the pod turns Ready when container web's readinessProbe passes" in result.lines[1]


def test_null_probe_counts_as_missing(lint) -> None:
    text = DEPLOYMENT + "          livenessProbe: null\n          readinessProbe: ~\n"
    assert len(lint(text, *SELECT).lines) == 2


def test_istio_auto_image_is_completed_by_the_webhook(lint) -> None:
    text = DEPLOYMENT.replace("image: nginx:1.27", "image: auto")
    assert lint(text, *SELECT).lines == []


def test_list_items_are_checked(lint) -> None:
    result = lint(_list_of(DEPLOYMENT), *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:16:15:", "warning", "liveness-probe-missing"),
        ("example.yaml:16:15:", "warning", "readiness-probe-missing"),
    ]


def _list_of(document: str) -> str:
    lines = document.splitlines()
    body = ["  - " + lines[0]] + ["    " + line for line in lines[1:]]
    return "apiVersion: v1\nkind: List\nitems:\n" + "\n".join(body) + "\n"


HELPER = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: server
          image: example/server:3
          ports:
            - containerPort: 8080
{probe}        - name: reloader
          image: example/config-reloader:1
"""

READINESS = "          readinessProbe:\n            tcpSocket: {port: 8080}\n"


def test_helper_next_to_a_gated_server_is_info_only(lint) -> None:
    result = lint(HELPER.replace("{probe}", READINESS), "--select", "readiness-probe-missing")
    assert _ids(result.lines) == [("example.yaml:19:11:", "info", "readiness-probe-missing")]
    assert "container server's readinessProbe gates that" in result.lines[0]
    assert result.code == 0


def test_helper_next_to_an_ungated_server_is_info_and_the_server_is_warned(lint) -> None:
    result = lint(HELPER.replace("{probe}", ""), "--select", "readiness-probe-missing")
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
        ("example.yaml:17:11:", "info", "readiness-probe-missing"),
    ]
    assert "traffic goes to container server's ports" in result.lines[1]


def test_helpers_still_need_a_liveness_probe(lint) -> None:
    result = lint(HELPER.replace("{probe}", READINESS), "--select", "liveness-probe-missing")
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:19:11:", "warning", "liveness-probe-missing"),
    ]


# --- Services, across files -------------------------------------------------------------------------

WORKLOAD_NS = DEPLOYMENT.replace("  name: web\n", "  name: web\n  namespace: shop\n", 1)

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
{namespace}spec:
{selector}  ports:
    - port: 80
"""


def _service(
    name: str = "web", namespace: str | None = "shop", selector: str | None = "{app: web}", extra: str = ""
) -> str:
    return SERVICE.format(
        name=name,
        namespace=f"  namespace: {namespace}\n" if namespace else "",
        selector=(f"  selector: {selector}\n" if selector else "") + extra,
    )


def _lint_two(tmp_path: Path, workload: str, service: str, *args: str) -> list[str]:
    (tmp_path / "deploy.yaml").write_text(workload, encoding="utf-8")
    (tmp_path / "service.yaml").write_text(service, encoding="utf-8")
    return run_cli([*args, "--select", "readiness-probe-missing", "deploy.yaml", "service.yaml"], cwd=tmp_path).lines


def test_service_in_another_file_makes_it_an_error_naming_the_service(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service())
    assert _ids(lines) == [("deploy.yaml:14:11:", "error", "readiness-probe-missing")]
    assert "but Service web selects these pods" in lines[0]


def test_service_listed_before_the_workload_counts_too(tmp_path: Path) -> None:
    (tmp_path / "a-service.yaml").write_text(_service(), encoding="utf-8")
    (tmp_path / "b-deploy.yaml").write_text(WORKLOAD_NS, encoding="utf-8")
    result = run_cli(["--select", "readiness-probe-missing", "."], cwd=tmp_path)
    assert [line.split(" ")[1] for line in result.lines] == ["error"]


def test_service_in_another_namespace_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(namespace="other"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_without_namespace_does_not_match_a_namespaced_workload(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(namespace=None))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_and_workload_both_without_namespace_match(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, DEPLOYMENT, _service(namespace=None))
    assert _ids(lines) == [("deploy.yaml:13:11:", "error", "readiness-probe-missing")]


def test_service_without_selector_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(selector=None))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_selecting_other_labels_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(selector="{app: web, tier: front}"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_service_publishing_not_ready_addresses_leaves_a_warning(tmp_path: Path) -> None:
    lines = _lint_two(tmp_path, WORKLOAD_NS, _service(extra="  publishNotReadyAddresses: true\n"))
    assert _ids(lines) == [("deploy.yaml:14:11:", "warning", "readiness-probe-missing")]


def test_several_services_are_all_named_once(tmp_path: Path) -> None:
    services = _service() + "---\n" + _service(name="web-admin") + "---\n" + _service()
    lines = _lint_two(tmp_path, WORKLOAD_NS, services)
    assert len(lines) == 1
    assert "but Services web, web-admin select these pods" in lines[0]


def test_liveness_is_never_escalated_by_a_service(tmp_path: Path) -> None:
    (tmp_path / "deploy.yaml").write_text(WORKLOAD_NS, encoding="utf-8")
    (tmp_path / "service.yaml").write_text(_service(), encoding="utf-8")
    result = run_cli(["--select", "liveness-probe-missing", "deploy.yaml", "service.yaml"], cwd=tmp_path)
    assert _ids(result.lines) == [("deploy.yaml:14:11:", "warning", "liveness-probe-missing")]


def test_gated_pod_and_helper_stay_below_error_with_a_service(tmp_path: Path) -> None:
    workload = SIDECARS + "        - name: reloader\n          image: example/config-reloader:1\n"
    lines = _lint_two(tmp_path, workload, _service(namespace=None))
    assert _ids(lines) == [
        ("deploy.yaml:15:11:", "warning", "readiness-probe-missing"),
        ("deploy.yaml:29:11:", "info", "readiness-probe-missing"),
    ]


def test_service_selecting_a_pod_in_the_same_file(lint) -> None:
    text = WORKLOAD_NS + "---\n" + _service()
    result = lint(text, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:14:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:14:11:", "error", "readiness-probe-missing"),
    ]
