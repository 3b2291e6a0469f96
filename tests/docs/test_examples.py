"""`probelint examples/` shows every core rule family, at exactly these keys."""

from __future__ import annotations

import json

from tests.support import ROOT, run_cli

CORE_RULES = (
    "probe-timeout-too-low",
    "startup-probe-missing",
    "exec-probe-timeout-mismatch",
    "prestop-exceeds-grace-period",
    "aws-node-enforcing-mode",
    "aws-node-tcp-early-demux",
    "aws-node-probe-timeout",
    "aws-node-probe-address",
)
# Found on aws-node only, where aws-node-probe-timeout asks for more and takes it over (its detail names it).
MERGED = {"exec-probe-timeout-mismatch"}
# Rules from later issues add their own findings to examples/; these tests pin the core ones.
SELECT = ["--select", ",".join([*CORE_RULES, "aws-node-version-unknown", "yaml-syntax", "internal-error"])]

EXPECTED = {
    ("examples/aws-node-v1.9.yaml", 31, 11, "aws-node-tcp-early-demux"),  # the init container's name: no env
    ("examples/aws-node-v1.9.yaml", 59, 11, "aws-node-probe-timeout"),  # livenessProbe: timeoutSeconds unset
    # exec-probe-timeout-mismatch and probe-timeout-too-low judge the same value: merged into the one above.
    # startup-probe-missing leaves the CNI's own probes to the aws-node rules.
    ("examples/aws-node-v1.9.yaml", 65, 11, "aws-node-probe-timeout"),  # readinessProbe
    ("examples/aws-vpc-cni-helm-template.yaml", 90, 17, "aws-node-probe-address"),  # - -addr=:50051
    ("examples/aws-vpc-cni-helm-template.yaml", 104, 11, "aws-node-enforcing-mode"),  # env: (mode unset)
    ("examples/checkout-prestop.yaml", 31, 17, "prestop-exceeds-grace-period"),  # exec command: sleep 30
    ("examples/checkout-prestop.yaml", 43, 17, "prestop-exceeds-grace-period"),  # sleep.seconds: 30
    ("examples/web-deployment.yaml", 34, 13, "startup-probe-missing"),  # initialDelaySeconds: 90
    ("examples/web-deployment.yaml", 42, 13, "probe-timeout-too-low"),  # timeoutSeconds: 1
}


def test_examples_give_exactly_these_core_findings() -> None:
    run = run_cli([*SELECT, "--format", "json", "examples/"], cwd=ROOT)
    found = json.loads(run.stdout)["findings"]
    assert {(f["file"], f["line"], f["column"], f["rule"]) for f in found} == EXPECTED
    assert len(found) == len(EXPECTED)
    assert {f["rule"] for f in found} == set(CORE_RULES) - MERGED
    merged = [f for f in found if f["rule"] == "aws-node-probe-timeout" and f["line"] == 59]
    assert "exec-probe-timeout-mismatch" in merged[0]["detail"]
    assert "probe-timeout-too-low" in merged[0]["detail"]
    assert run.code == 1


def test_examples_show_the_helm_template_they_came_from() -> None:
    run = run_cli([*SELECT, "--format", "json", "examples/aws-vpc-cni-helm-template.yaml"], cwd=ROOT)
    findings = json.loads(run.stdout)["findings"]
    assert findings
    assert all(finding["source"] == "aws-vpc-cni/templates/daemonset.yaml" for finding in findings)


def test_examples_have_no_reading_problem_under_any_rule() -> None:
    run = run_cli(["--format", "json", "examples/"], cwd=ROOT)
    rules = {f["rule"] for f in json.loads(run.stdout)["findings"]}
    assert not rules & {"yaml-syntax", "internal-error"}
    assert set(CORE_RULES) - MERGED <= rules
