"""Each kubelet text maps to its symptoms and causes; messages are built from the kubelet's format strings."""

from __future__ import annotations

import re

import pytest

from probelint.events.catalogue import SYMPTOMS
from probelint.events.explain import explain, symptoms_of
from probelint.events.parse import Event
from probelint.rules import all_rules
from tests.support import ROOT

# prober.go: "%s probe failed: %s" with the probe type; the outputs are those of pkg/probe/*.
CASES = [
    (
        'Readiness probe failed: Get "http://10.0.3.7:8080/ready": context deadline exceeded '
        "(Client.Timeout exceeded while awaiting headers)",
        ["http-timeout"],
        ("probe-timeout-too-low", "probe-timeout-exceeds-period"),
    ),
    (
        'Liveness probe failed: Get "http://10.0.3.7:8080/healthz": net/http: request canceled '
        "(Client.Timeout exceeded while awaiting headers)",
        ["http-timeout"],
        ("probe-timeout-too-low", "probe-timeout-exceeds-period"),
    ),
    (
        'Liveness probe failed: Get "http://10.0.3.7:8080/healthz": '
        "dial tcp 10.0.3.7:8080: connect: connection refused",
        ["connection-refused"],
        ("startup-probe-missing", "liveness-too-aggressive"),
    ),
    ("Readiness probe failed: dial tcp 10.0.3.7:5432: connect: connection refused", ["connection-refused"], None),
    ("Liveness probe failed: dial tcp 10.0.42.17:8080: i/o timeout", ["dial-timeout"], None),
    (
        "Readiness probe failed: HTTP probe failed with statuscode: 404",
        ["http-status-4xx"],
        ("http-probe-path-invalid",),
    ),
    (
        "Liveness probe failed: HTTP probe failed with statuscode: 503",
        ["http-status-5xx"],
        ("startup-probe-missing",),
    ),
    (
        "Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: "
        "read init-p: connection reset by peer: unknown",
        ["exec-no-resources"],
        ("aws-node-probe-timeout", "probe-timeout-too-low"),
    ),
    (
        "Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: "
        "error executing setns process: exit status 1: resource temporarily unavailable: unknown",
        ["exec-no-resources"],
        ("aws-node-probe-timeout", "probe-timeout-too-low"),
    ),
    (
        "Liveness probe failed: OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "curl": executable file not found in $PATH: unknown',
        ["exec-not-found"],
        ("exec-probe-command-invalid",),
    ),
    (
        'Liveness probe failed: command "/app/grpc-health-probe -addr=:50051" timed out',
        ["exec-timeout"],
        ("exec-probe-timeout-mismatch",),
    ),
    (
        'Liveness probe errored and resulted in unknown state: command timed out: "/bin/check" timed out after 1s',
        ["exec-timeout", "probe-errored"],
        ("exec-probe-timeout-mismatch",),
    ),
    (
        "Liveness probe failed: timeout: health rpc did not complete within 1s",
        ["grpc-rpc-timeout"],
        ("probe-timeout-too-low", "exec-probe-timeout-mismatch", "aws-node-probe-timeout"),
    ),
    (
        'Readiness probe failed: timeout: failed to connect service "10.0.3.7:9090" within 1s: '
        "context deadline exceeded",
        ["grpc-connect"],
        ("startup-probe-missing", "liveness-too-aggressive"),
    ),
    (
        'Readiness probe failed: {"level":"info","ts":"2024-05-01T10:00:00.000Z",'
        '"caller":"/root/sdk/go1.22/main.go:120",'
        '"msg":"timeout: failed to connect service \\":50051\\" within 5s"}',
        ["grpc-connect"],
        ("startup-probe-missing", "liveness-too-aggressive"),
    ),
    (
        'Readiness probe failed: service unhealthy (responded with "NOT_SERVING")',
        ["grpc-not-serving"],
        ("startup-probe-missing", "liveness-same-as-readiness"),
    ),
    ("Readiness probe failed: status: NOT_SERVING", ["grpc-not-serving"], None),
    (
        'Liveness probe failed: Get "http://api.default.svc:8080/healthz": dial tcp: lookup api.default.svc on '
        "10.0.0.2:53: no such host",
        ["no-such-host"],
        ("http-probe-host-set",),
    ),
    (
        'Readiness probe failed: Get "https://10.0.3.7:8080/ready": http: server gave HTTP response to HTTPS client',
        ["https-to-http"],
        ("http-probe-scheme-mismatch",),
    ),
    (
        'Readiness probe failed: Get "https://10.0.3.7:8443/ready": remote error: tls: certificate required',
        ["tls"],
        ("http-probe-scheme-mismatch",),
    ),
    (
        'Readiness probe errored: strconv.Atoi: parsing "htpp": invalid syntax',
        ["port-name-unknown", "probe-errored"],
        ("probe-port-not-found",),
    ),
    (
        'Startup probe failed: Get "http://10.0.3.7:8080/healthz": dial tcp 10.0.3.7:8080: connect: connection refused',
        ["connection-refused", "startup-failed"],
        ("startup-probe-missing", "liveness-too-aggressive"),
    ),
    ("Container web failed liveness probe, will be restarted", ["liveness-restart"], ("liveness-too-aggressive",)),
    ("Container web failed startup probe, will be restarted", ["liveness-restart"], ("liveness-too-aggressive",)),
    ("container terminated with Exit Code: 137 (Reason: Error)", ["exit-137"], ("prestop-exceeds-grace-period",)),
]


@pytest.mark.parametrize(("message", "symptoms", "first_rules"), CASES, ids=[case[0][:60] for case in CASES])
def test_each_kubelet_text_maps_to_its_symptoms_and_first_cause(
    message: str, symptoms: list[str], first_rules: tuple[str, ...] | None
) -> None:
    assert [symptom.id for symptom in symptoms_of("Unhealthy", message)] == symptoms
    if first_rules is not None:
        explained = explain([Event(message, "Unhealthy")], None)
        assert explained.explanations[0].causes[0].cause.rules == first_rules


def test_a_failed_prestop_hook_is_known_by_its_reason() -> None:
    assert [symptom.id for symptom in symptoms_of("FailedPreStopHook", "PreStopHook failed")] == ["prestop-failed"]
    assert [symptom.id for symptom in symptoms_of("FailedPreStopHook", "")] == ["prestop-failed"]


def test_http_status_classes_are_told_apart() -> None:
    assert [s.id for s in symptoms_of("Unhealthy", "HTTP probe failed with statuscode: 401")] == ["http-status-4xx"]
    assert [s.id for s in symptoms_of("Unhealthy", "HTTP probe failed with statuscode: 500")] == ["http-status-5xx"]
    assert symptoms_of("Unhealthy", "HTTP probe failed with statuscode: 302") == []


def test_the_aws_node_causes_come_with_timeouts_and_refusals() -> None:
    for symptom_id in ("http-timeout", "connection-refused", "dial-timeout", "grpc-connect"):
        symptom = next(s for s in SYMPTOMS if s.id == symptom_id)
        clustered = [cause.rules for cause in symptom.causes if cause.cluster]
        assert clustered == [("aws-node-enforcing-mode", "aws-node-tcp-early-demux")], symptom_id


def test_every_rule_the_table_names_exists() -> None:
    known = {rule.id for rule in all_rules()}
    named = {rule for symptom in SYMPTOMS for cause in symptom.causes for rule in cause.rules}
    assert named - known == set()


def test_each_symptom_example_matches_its_own_pattern_and_is_listed_in_the_docs() -> None:
    docs = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    for symptom in SYMPTOMS:
        assert symptom.matches("", symptom.example) or symptom.reasons, symptom.id
        assert f"`{symptom.label}`" in docs, symptom.id
        assert re.search(re.escape(symptom.source.split(";")[0].split(" (")[0]), docs), symptom.id
