"""aws-node-enforcing-mode through the command line, on aws-node DaemonSets built by tests.support.aws_node."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.aws_node import AWS_RULES, aws, aws_node
from tests.support.rulecheck import found, pos


def test_enforcing_mode_unset_points_at_main_env(lint) -> None:
    text = aws_node(":v1.18.3-eksbuild.2", ":v1.18.3-eksbuild.2", main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, "env:", 2))]
    assert (
        "pod ENI, strict mode (unset), no DISABLE_TCP_EARLY_DEMUX; set POD_SECURITY_GROUP_ENFORCING_MODE: "
        '"standard" (DaemonSet/kube-system/aws-node[aws-node])'
    ) in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "VPC CNI v1.18.3 with ENABLE_POD_ENI=true and POD_SECURITY_GROUP_ENFORCING_MODE unset, so strict" in why[0]


@pytest.mark.parametrize(
    ("mode", "short", "state"),
    [("strict", "set", '"strict"'), ("Standard", "misspelt", '"Standard", which the CNI reads')],
)
def test_enforcing_mode_points_at_the_mode_value(lint, mode: str, short: str, state: str) -> None:
    text = aws_node(main_env=[("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", mode)])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, f'value: "{mode}"'))]
    assert f"pod ENI, strict mode ({short}), no DISABLE_TCP_EARLY_DEMUX; " in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert f"POD_SECURITY_GROUP_ENFORCING_MODE {state}" in why[0]


@pytest.mark.parametrize(
    ("main_env", "init_env"),
    [
        ([("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", "standard")], None),
        ([("ENABLE_POD_ENI", "true"), ("POD_SECURITY_GROUP_ENFORCING_MODE", "valueFrom")], None),
        ([("ENABLE_POD_ENI", "true")], [("DISABLE_TCP_EARLY_DEMUX", "true")]),
        ([("ENABLE_POD_ENI", "valueFrom")], None),
        ([("ENABLE_POD_ENI", "false")], None),
    ],
)
def test_enforcing_mode_quiet_cases(lint, main_env, init_env) -> None:
    assert aws(lint, aws_node(main_env=main_env, init_env=init_env)) == []


def test_enforcing_mode_notes_demux_on_the_main_container(lint) -> None:
    text = aws_node(main_env=[("DISABLE_TCP_EARLY_DEMUX", "true"), ("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-enforcing-mode", pos(text, "env:", 2))]
    assert "pod ENI, strict mode (unset), no DISABLE_TCP_EARLY_DEMUX; " in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "DISABLE_TCP_EARLY_DEMUX on the aws-node container has no effect" in why[0]


def test_enforcing_mode_starts_at_1_11_0(lint) -> None:
    env = [("ENABLE_POD_ENI", "true")]
    assert [rule for rule, _ in aws(lint, aws_node(":v1.11.0", ":v1.11.0", main_env=env))] == [
        "aws-node-enforcing-mode"
    ]
    assert [rule for rule, _ in aws(lint, aws_node(":v1.10.4", ":v1.10.4", main_env=env))] == [
        "aws-node-tcp-early-demux"
    ]
