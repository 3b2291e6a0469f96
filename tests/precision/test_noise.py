"""Findings users cannot act on: toolbox pods, operator-completed pods, the vendor aws-node (issue 11, item 8)."""

from __future__ import annotations

import json

import pytest

from tests.support.aws_node import aws_node
from tests.support.rulecheck import found, pos

TOOLBOX = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: toolbox
spec:
  template:
    spec:
      containers:
        - name: shell
          image: nicolaka/netshoot:v0.13
          command: {command}
"""


@pytest.mark.parametrize(
    "command", ['["sleep", "infinity"]', '["/bin/sh", "-c", "exec sleep infinity"]', '["tail", "-f", "/dev/null"]']
)
def test_toolbox_pods_get_info_saying_why(lint, command: str) -> None:
    text = TOOLBOX.format(command=command)
    findings = json.loads(lint(text, "--format", "json").stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in findings] == [
        ("liveness-probe-missing", 9, 11, "info"),
        ("readiness-probe-missing", 9, 11, "info"),
    ]
    assert all("it only waits" in f["message"] for f in findings)


def test_a_short_sleep_is_not_a_toolbox(lint) -> None:
    text = TOOLBOX.format(command='["sh", "-c", "sleep 5; exec server"]')
    severities = {f["severity"] for f in json.loads(lint(text, "--format", "json").stdout)["findings"]}
    assert severities == {"warning"}


def test_operator_completed_pods_get_no_missing_probe_findings(lint) -> None:
    pooler = """apiVersion: postgresql.cnpg.io/v1
kind: Pooler
metadata:
  name: pooler-rw
spec:
  cluster:
    name: db
  template:
    spec:
      containers:
        - name: pgbouncer
          image: ghcr.io/cloudnative-pg/pgbouncer:1.23.0
"""
    assert found(lint(pooler).lines) == []
    gameserver = pooler.replace("postgresql.cnpg.io/v1", "agones.dev/v1").replace("kind: Pooler", "kind: GameServer")
    assert found(lint(gameserver).lines) == []


def test_vendor_aws_node_gets_only_the_aws_node_rules_on_its_probes(lint) -> None:
    text = aws_node(":v1.9.3", timeout="10").replace("initialDelaySeconds: 60", "initialDelaySeconds: 120")
    rules = {rule for rule, _ in found(lint(text).lines)}
    assert not rules & {"startup-probe-missing", "liveness-same-as-readiness"}
    mine = text.replace("amazon-k8s-cni:", "my-cni:")  # a CNI of one's own: its probes are the user's
    assert ("startup-probe-missing", pos(mine, "initialDelaySeconds: 120")) in found(lint(mine).lines)
