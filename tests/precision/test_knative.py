"""Knative Serving objects: ports and readiness probes the webhook fills in, and the group in the label
(issue 11, item 1)."""

from __future__ import annotations

from tests.support.rulecheck import found, pos

KSVC = """apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: demo
spec:
  template:
    spec:
      containers:
        - name: user
          image: ghcr.io/example/hello:1.0
          ports:
            - containerPort: 8080
          livenessProbe:
            httpGet:
              path: /healthz
            timeoutSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: hello
  namespace: demo
spec:
  selector:
    app: hello
"""

REVISION = """apiVersion: serving.knative.dev/v1
kind: Revision
metadata:
  name: hello-00001
spec:
  containers:
    - name: user
      image: ghcr.io/example/hello:1.0
      readinessProbe:
        tcpSocket:
          port: 0
        timeoutSeconds: 2
      livenessProbe:
        grpc: {}
        timeoutSeconds: 2
"""


def test_knative_service_gets_no_port_or_readiness_findings(lint) -> None:
    assert found(lint(KSVC).lines) == []


def test_knative_revision_is_a_workload_with_defaulted_ports(lint) -> None:
    result = lint(REVISION)
    assert found(result.lines) == []
    plain = REVISION.replace("serving.knative.dev/v1", "example.com/v1").replace("kind: Revision", "kind: Pod")
    assert found(lint(plain, "--select", "probe-invalid").lines) == [
        ("probe-invalid", pos(plain, "port: 0")),
        ("probe-invalid", pos(plain, "grpc")),
    ]


def test_knative_objects_are_labelled_with_their_group(lint) -> None:
    text = KSVC.replace("            timeoutSeconds: 2\n", "")
    result = lint(text)
    assert found(result.lines) == [("probe-timeout-too-low", pos(text, "livenessProbe"))]
    assert result.lines[0].endswith("(Service.serving.knative.dev/demo/hello[user])")


def test_a_core_service_missing_a_port_is_still_an_error(lint) -> None:
    text = KSVC.replace("serving.knative.dev/v1\nkind: Service", "apps/v1\nkind: Deployment")
    rules = [rule for rule, _ in found(lint(text).lines)]
    assert "probe-invalid" in rules
    assert "readiness-probe-missing" in rules
