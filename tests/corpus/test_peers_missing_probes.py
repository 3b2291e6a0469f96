"""Conformance with other linters' own fixtures for missing probes (../shared/corpus/peers/EXPECTATIONS.md).

Each fixture is linted alone, as the peer's test suite does, with only the missing-probe rules. Where
the peers are known for false positives (CronJobs, Services in other namespaces, helper containers),
the expectation is probelint's, as EXPECTATIONS.md states it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CORPUS, CORPUS_MARKS, details, run_cli

PEERS = CORPUS / "peers"
KUBE_SCORE = PEERS / "zegl__kube-score" / "score" / "testdata"
KUBE_LINTER = PEERS / "stackrox__kube-linter" / "tests" / "checks"
POLARIS = PEERS / "FairwindsOps__polaris" / "test" / "checks"
CHECKOV = PEERS / "bridgecrewio__checkov" / "tests" / "kubernetes" / "checks" / "example_LivenessReadiness"
KUBESCAPE = PEERS / "kubescape__regolibrary" / "rules"

LIVE, READY = "liveness-probe-missing", "readiness-probe-missing"

pytestmark = [
    *CORPUS_MARKS,
    pytest.mark.skipif(not PEERS.is_dir(), reason="../shared/corpus/peers is not available"),
]


def _lint(path: Path, *rules: str) -> list[tuple[int, int, str, str, str]]:
    """(line, column, severity, rule, object) for each finding of the fixture linted alone."""
    result = run_cli(["--select", ",".join(rules or (LIVE, READY)), path.name], cwd=path.parent)
    found = []
    for line in result.lines:
        where, severity, rule = line.split(" ")[:3]
        _, row, column, _ = where.split(":")
        found.append((int(row), int(column), severity, rule, line[line.rindex("(") + 1 : line.rindex(")")]))
    return found


# --- kube-score ---------------------------------------------------------------------------------------

POD = "Pod/pod-test-1[foobar]"
POD_NS = "Pod/foospace/pod-test-1[foobar]"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # The Service in the file selects the pod: missing readiness is an error.
        ("pod-probes-all-missing.yaml", [(9, 5, "warning", LIVE, POD), (9, 5, "error", READY, POD)]),
        ("pod-probes-missing-ready.yaml", [(9, 5, "error", READY, POD)]),
        ("pod-probes-missing-live.yaml", [(9, 5, "warning", LIVE, POD)]),
        ("pod-probes-both.yaml", []),
        ("pod-probes-targeted-by-service.yaml", [(9, 5, "error", READY, POD)]),
        ("pod-probes-targeted-by-service-same-namespace.yaml", [(10, 5, "error", READY, POD_NS)]),
        ("pod-probes-targeted-by-service-same-namespace-multi-labels.yaml", [(11, 5, "error", READY, POD_NS)]),
        # kube-score says all OK; probelint keeps a warning (never silently skipped).
        ("pod-probes-targeted-by-service-different-namespace.yaml", [(10, 5, "warning", READY, POD_NS)]),
        ("pod-probes-not-targeted-by-service.yaml", [(9, 5, "warning", READY, POD)]),
        ("pod-probes-not-targeted-by-service-multi-labels.yaml", [(10, 5, "warning", READY, POD)]),
        # Per container: foobar2 has no probe of its own. It declares no ports next to foobar, whose
        # readiness probe already gates the pod, so its readiness finding is only info.
        (
            "pod-probes-on-different-containers.yaml",
            [
                (19, 5, "warning", LIVE, "Pod/pod-test-1[foobar2]"),
                (19, 5, "info", READY, "Pod/pod-test-1[foobar2]"),
            ],
        ),
        ("pod-probes-on-different-containers-init.yaml", []),  # init containers are not long-running
        ("pod-probes-identical-http.yaml", []),
        ("cronjob-batchv1-deadline-not-set.yaml", []),
        ("cronjob-batchv1beta1-deadline-not-set.yaml", []),
    ],
)
def test_kube_score_fixture(fixture: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    assert _lint(KUBE_SCORE / fixture) == expected


def test_kube_score_service_is_named_in_the_error() -> None:
    result = run_cli(["--select", READY, "pod-probes-targeted-by-service.yaml"], cwd=KUBE_SCORE)
    assert "container has no readinessProbe; Service my-service selects it; " in result.stdout
    args = ["--format", "json", "--select", READY, "pod-probes-targeted-by-service.yaml"]
    (why,) = details(run_cli(args, cwd=KUBE_SCORE))
    assert "Service my-service selects these pods" in why


# --- kube-linter --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "rule", "expected"),
    [
        (
            "no-liveness-probe.yml",
            LIVE,
            [
                (44, 9, "warning", LIVE, "Deployment/app1[app1]"),
                (54, 9, "warning", LIVE, "DeploymentConfig/app2[app2]"),
            ],
        ),
        (
            "no-readiness-probe.yml",
            READY,
            [
                (44, 9, "warning", READY, "Deployment/app1[app]"),
                (54, 9, "warning", READY, "DeploymentConfig/app2[app]"),
            ],
        ),
    ],
)
def test_kube_linter_fixture(fixture: str, rule: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    found = _lint(KUBE_LINTER / fixture, rule)
    assert found == expected
    assert not any("dont-fire" in finding[4] for finding in found)


# --- Polaris ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("check", "rule"), [("livenessProbeMissing", LIVE), ("readinessProbeMissing", READY)])
def test_polaris_failure_fails(check: str, rule: str) -> None:
    name = "liveness" if rule == LIVE else "readiness"
    assert _lint(POLARIS / check / "failure.yaml", rule) == [(9, 5, "warning", rule, f"Pod/{name}-exec[{name}]")]


@pytest.mark.parametrize("fixture", ["success.yaml", "mutated.yaml"])
@pytest.mark.parametrize(("check", "rule"), [("livenessProbeMissing", LIVE), ("readinessProbeMissing", READY)])
def test_polaris_success_and_mutated_pass(check: str, rule: str, fixture: str) -> None:
    assert _lint(POLARIS / check / fixture, rule) == []


# --- Checkov ------------------------------------------------------------------------------------------


def test_checkov_passed_pod_passes() -> None:
    assert _lint(CHECKOV / "pod-liveness-readiness-PASSED.yaml") == []


def test_checkov_failing_pod_fails_on_its_probeless_container() -> None:
    # CKV_K8S_8 and CKV_K8S_9 fail this pod for container `noliveness`. It declares no ports next to a
    # container whose readiness probe gates the pod, so its missing readiness probe is info.
    assert _lint(CHECKOV / "pod-liveness-readiness-2pods.yaml") == [
        (29, 5, "warning", LIVE, "Pod/liveness-exec[noliveness]"),
        (29, 5, "info", READY, "Pod/liveness-exec[noliveness]"),
    ]


# --- kubescape ----------------------------------------------------------------------------------------


def test_kubescape_liveness_fixtures() -> None:
    base = KUBESCAPE / "configured-liveness-probe" / "test"
    assert _lint(base / "deployment-fail" / "input" / "deployment.yaml", LIVE) == [
        (19, 13, "warning", LIVE, "Deployment/my-deployment[goproxy]")
    ]
    assert _lint(base / "deployment-pass" / "input" / "deployment.yaml", LIVE) == []


def test_kubescape_readiness_fixture() -> None:
    path = KUBESCAPE / "configured-readiness-probe" / "test" / "deployment" / "input" / "deployment.yaml"
    assert _lint(path, READY) == [
        (19, 13, "warning", READY, "Deployment/my-deployment[goproxy]"),
        (30, 13, "warning", READY, "Deployment/my-deployment[goproxy2]"),
    ]
