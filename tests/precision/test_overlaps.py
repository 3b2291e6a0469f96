"""One problem, one finding: timeout rules that judge the same value report it once (issue 11, item 5)."""

from __future__ import annotations

import json

from tests.support.aws_node import aws_node
from tests.support.rulecheck import found, pos

SLOW_EXEC = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16
          readinessProbe:
            exec:
              command: ["grpc_health_probe", "-addr=:5000", "-connect-timeout=2s", "-rpc-timeout=2s"]
            timeoutSeconds: 1
"""


def test_timeout_rules_on_one_value_give_one_finding_with_the_highest_requirement(lint) -> None:
    result = lint(
        aws_node(":v1.9.3", timeout="1"),
        "--select",
        "aws-node-probe-timeout,exec-probe-timeout-mismatch,probe-timeout-too-low",
        "--format",
        "json",
    )
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["aws-node-probe-timeout", "aws-node-probe-timeout"]
    assert all("set 10 or more" in f["message"] for f in findings)
    assert all(
        "exec-probe-timeout-mismatch" in f["detail"] and "probe-timeout-too-low" in f["detail"] for f in findings
    )


def test_the_rule_asking_most_wins_whichever_it_is(lint) -> None:
    result = lint(SLOW_EXEC)
    timeouts = [item for item in found(result.lines) if "timeout" in item[0]]
    assert timeouts == [("exec-probe-timeout-mismatch", pos(SLOW_EXEC, "timeoutSeconds"))]
    assert "set 4 or more" in next(line for line in result.lines if "exec-probe-timeout-mismatch" in line)


def test_selecting_one_rule_still_reports_it(lint) -> None:
    result = lint(SLOW_EXEC, "--select", "probe-timeout-too-low")
    assert found(result.lines) == [("probe-timeout-too-low", pos(SLOW_EXEC, "timeoutSeconds"))]


def test_suppressing_the_kept_finding_lets_the_next_one_report(lint) -> None:
    text = SLOW_EXEC.replace("timeoutSeconds: 1", "timeoutSeconds: 1  # probelint: disable=exec-probe-timeout-mismatch")
    result = lint(text)
    timeouts = [item for item in found(result.lines) if "timeout" in item[0]]
    assert timeouts == [("probe-timeout-too-low", pos(text, "timeoutSeconds"))]
