"""liveness-probe-missing through the command line, and the scope it shares with readiness-probe-missing
(rules/_missing.py): which workloads and containers they cover, and where they point."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import details, run_cli
from tests.support.manifests import DEPLOYMENT_WITHOUT_PROBES as DEPLOYMENT
from tests.support.missing import HELPER, READINESS, SELECT, SIDECARS, WORKLOAD_NS, _ids, _service


def test_deployment_without_probes_gets_both_warnings_at_the_name_key(lint) -> None:
    result = lint(DEPLOYMENT, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
    ]
    assert result.lines[0].endswith(
        "container has no livenessProbe, so a hang is never restarted; add one on a heartbeat check "
        "(Deployment/web[web])"
    )
    why = details(lint(DEPLOYMENT, *SELECT, "--format", "json"))
    assert "the kubelet never restarts it" in why[0]
    assert "an exec command that checks a heartbeat" in why[0]  # no ports declared
    assert result.code == 1


def test_liveness_advice_depends_on_ports(lint) -> None:
    text = DEPLOYMENT + "          ports:\n            - containerPort: 8080\n"
    result = lint(text, "--select", "liveness-probe-missing")
    assert len(result.lines) == 1
    assert "; add one on a cheap endpoint (Deployment/web[web])" in result.lines[0]
    (why,) = details(lint(text, "--select", "liveness-probe-missing", "--format", "json"))
    assert "a cheap endpoint that checks only the process itself" in why


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
    expected = [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:13:11:", "warning", "readiness-probe-missing"),
    ]
    if api_version.startswith("serving.knative.dev/"):  # Knative adds a TCP readiness probe itself
        expected.pop()
    assert _ids(result.lines) == expected


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


def test_sidecar_is_checked_and_plain_init_container_is_not(lint) -> None:
    result = lint(SIDECARS, *SELECT)
    assert _ids(result.lines) == [
        ("example.yaml:15:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:15:11:", "warning", "readiness-probe-missing"),
    ]
    assert result.lines[0].endswith("(Deployment/web[proxy])")
    # Its own ports may still be served too soon, but web's readiness probe already gates the pod.
    assert "container has no readinessProbe; only web's gates the pod" in result.lines[1]
    why = details(lint(SIDECARS, *SELECT, "--format", "json"))
    assert "The pod turns Ready when container web's readinessProbe passes" in why[1]


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


def test_helpers_still_need_a_liveness_probe(lint) -> None:
    result = lint(HELPER.replace("{probe}", READINESS), "--select", "liveness-probe-missing")
    assert _ids(result.lines) == [
        ("example.yaml:13:11:", "warning", "liveness-probe-missing"),
        ("example.yaml:19:11:", "warning", "liveness-probe-missing"),
    ]


def test_liveness_is_never_escalated_by_a_service(tmp_path: Path) -> None:
    (tmp_path / "deploy.yaml").write_text(WORKLOAD_NS, encoding="utf-8")
    (tmp_path / "service.yaml").write_text(_service(), encoding="utf-8")
    result = run_cli(["--select", "liveness-probe-missing", "deploy.yaml", "service.yaml"], cwd=tmp_path)
    assert _ids(result.lines) == [("deploy.yaml:14:11:", "warning", "liveness-probe-missing")]
