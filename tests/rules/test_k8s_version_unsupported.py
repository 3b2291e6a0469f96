"""--kubernetes-version and k8s-version-unsupported through the command line: each feature at the
version that first enables it by default, exact positions, validation, and the configuration key."""

from __future__ import annotations

from pathlib import Path

import pytest

from probelint.engine.linter import Linter
from probelint.engine.settings import Settings
from tests.support import details, run_cli, run_process

RULE = "k8s-version-unsupported"

EVERYTHING = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31
          restartPolicy: Always
      containers:
        - name: api
          image: example/api:1.0
          startupProbe:
            grpc:
              port: 9090
            failureThreshold: 30
          livenessProbe:
            grpc:
              port: 9090
            terminationGracePeriodSeconds: 10
          lifecycle:
            preStop:
              sleep:
                seconds: 0
"""

SIDECAR = "example.yaml:15:11:"
STARTUP = "example.yaml:19:11:"
STARTUP_GRPC = "example.yaml:20:13:"
LIVENESS_GRPC = "example.yaml:24:13:"
GRACE = "example.yaml:26:13:"
SLEEP = "example.yaml:29:15:"
SECONDS = "example.yaml:30:17:"


def _where(lines: list[str]) -> list[str]:
    for line in lines:
        assert line.split(" ")[1:3] == ["error", RULE], line
    return [line.split(" ")[0] for line in lines]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.17", [SIDECAR, STARTUP, LIVENESS_GRPC, GRACE, SLEEP]),  # the startup probe is gone, grpc and all
        ("1.18", [SIDECAR, STARTUP_GRPC, LIVENESS_GRPC, GRACE, SLEEP]),
        ("1.23", [SIDECAR, STARTUP_GRPC, LIVENESS_GRPC, GRACE, SLEEP]),
        ("1.24", [SIDECAR, GRACE, SLEEP]),
        ("1.25", [SIDECAR, SLEEP]),
        ("1.28", [SIDECAR, SLEEP]),
        ("1.29", [SLEEP]),
        ("1.30", [SECONDS]),  # sleep itself works now; zero seconds does not yet
        ("1.32", [SECONDS]),
        ("1.33", []),
        ("1.35", []),
    ],
)
def test_each_feature_from_the_version_that_enables_it(lint, version: str, expected: list[str]) -> None:
    result = lint(EVERYTHING, "--select", RULE, "--kubernetes-version", version)
    assert _where(result.lines) == expected
    assert result.code == (1 if expected else 0)


def test_without_a_version_nothing_is_reported(lint) -> None:
    result = lint(EVERYTHING, "--select", RULE)
    assert result.lines == []
    assert result.code == 0


def test_messages_name_the_versions_and_what_happens(lint) -> None:
    lines = lint(EVERYTHING, "--select", RULE, "--kubernetes-version", "1.23").lines
    assert "sidecar containers need Kubernetes 1.29; on 1.23 this runs as a plain init container" in lines[0]
    assert lines[0].endswith("(Deployment/api[proxy])")
    assert "gRPC probes need Kubernetes 1.24; 1.23 rejects the startup probe" in lines[1]
    assert "gRPC probes need Kubernetes 1.24; 1.23 rejects the liveness probe" in lines[2]
    assert "probe terminationGracePeriodSeconds needs Kubernetes 1.25; ignored on 1.23" in lines[3]
    assert "the preStop sleep action needs Kubernetes 1.30; 1.23 drops it silently" in lines[4]
    why = details(lint(EVERYTHING, "--select", RULE, "--kubernetes-version", "1.23", "--format", "json"))
    assert "Sidecar containers (an init container with restartPolicy: Always) need Kubernetes 1.29" in why[0]
    assert "keeps the pod in Init forever" in why[0]
    assert 'On 1.23 the API server drops the grpc field and then rejects the startup probe: "must specify' in why[1]
    assert "the liveness probe" in why[2]
    assert "silently ignored" in why[3]
    assert "the hook is removed, so SIGTERM arrives with no pause first" in why[4]
    zero = lint(EVERYTHING, "--select", RULE, "--kubernetes-version", "1.31").lines
    assert "sleep seconds: 0 needs Kubernetes 1.33; 1.31 rejects the pod; sleep at least 1 second" in zero[0]
    why = details(lint(EVERYTHING, "--select", RULE, "--kubernetes-version", "1.31", "--format", "json"))
    assert '"must be greater than 0 and less than terminationGracePeriodSeconds"' in why[0]


@pytest.mark.parametrize("spelling", ["v1.29", "1.29.4", "v1.29.0", " 1.29"])
def test_version_spellings(lint, spelling: str) -> None:
    lines = lint(EVERYTHING, "--select", RULE, "--kubernetes-version", spelling).lines
    assert _where(lines) == [SLEEP]
    assert "1.29 drops it silently" in lines[0]
    (why,) = details(lint(EVERYTHING, "--select", RULE, "--kubernetes-version", spelling, "--format", "json"))
    assert "On 1.29 the API server" in why


@pytest.mark.parametrize("nonsense", ["2.0", "1", "1.x", "latest", "", "1.28-eks", "0.9"])
def test_nonsense_version_is_a_usage_error(lint, nonsense: str) -> None:
    result = lint(EVERYTHING, "--kubernetes-version", nonsense)
    assert result.code == 2
    assert result.lines == []
    assert "Invalid value for --kubernetes-version" in result.stderr
    assert "is not a Kubernetes version such as 1.30" in result.stderr


def test_nonsense_version_exits_2_from_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "example.yaml").write_text(EVERYTHING, encoding="utf-8")
    result = run_process(["--kubernetes-version", "one.thirty", "example.yaml"], cwd=tmp_path)
    assert result.code == 2
    assert result.stdout == ""


HOOKS = """\
apiVersion: v1
kind: Pod
metadata:
  name: hooks
spec:
  containers:
    - name: app
      image: example/app:1
      lifecycle:
        postStart:
          sleep:
            seconds: 2
        preStop:
          exec:
            command: [/bin/drain]
          sleep:
            seconds: 5
"""


def test_post_start_sleep_and_sleep_beside_another_action(lint) -> None:
    lines = lint(HOOKS, "--select", RULE, "--kubernetes-version", "1.29").lines
    assert [line.split(" ")[0] for line in lines] == ["example.yaml:11:11:", "example.yaml:16:11:"]
    assert "the postStart sleep action" in lines[0]
    assert "the preStop sleep action" in lines[1]
    why = details(lint(HOOKS, "--select", RULE, "--kubernetes-version", "1.29", "--format", "json"))
    assert "the container starts with no pause" in why[0]
    assert "only the other action runs" in why[1]


NOT_MINE = """\
apiVersion: v1
kind: Pod
metadata:
  name: others
spec:
  initContainers:
    - name: setup
      image: example/setup:1
      startupProbe:
        grpc: {port: 9090}
  containers:
    - name: app
      image: example/app:1
      readinessProbe:
        tcpSocket: {port: 8080}
        terminationGracePeriodSeconds: 5
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      livenessProbe:
        grpc: {port: 9090}
"""


def test_fields_other_rules_reject_anyway_are_left_to_them(lint) -> None:
    # Probes on a plain init or ephemeral container, and a readiness probe's grace period, are invalid on
    # every version (probe-on-init-container, probe-invalid): not a version question.
    assert lint(NOT_MINE, "--select", RULE, "--kubernetes-version", "1.17").lines == []


def test_version_from_the_configuration_and_the_command_line_overriding_it(tmp_path: Path) -> None:
    (tmp_path / "example.yaml").write_text(EVERYTHING, encoding="utf-8")
    (tmp_path / ".probelint.yaml").write_text('kubernetes-version: "1.24"\n', encoding="utf-8")
    from_config = run_cli(["--select", RULE, "example.yaml"], cwd=tmp_path)
    assert _where(from_config.lines) == [SIDECAR, GRACE, SLEEP]
    overridden = run_cli(["--select", RULE, "--kubernetes-version", "1.33", "example.yaml"], cwd=tmp_path)
    assert overridden.lines == []
    assert overridden.code == 0


def test_engine_passes_the_version_only_to_rules_that_declare_the_option() -> None:
    linter = Linter(Settings(kubernetes_version="1.27"))
    assert linter.rules[RULE].options["kubernetes-version"] == "1.27"
    assert "kubernetes-version" not in linter.rules["liveness-probe-missing"].options
    assert Linter(Settings()).rules[RULE].options["kubernetes-version"] is None
