"""aws-node-tcp-early-demux through the command line, on aws-node DaemonSets built by tests.support.aws_node."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.aws_node import AWS_RULES, aws, aws_node
from tests.support.rulecheck import found, pos


def test_tcp_early_demux_points_at_the_wrong_value(lint) -> None:
    text = aws_node(":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, 'value: "false"'))]
    assert result.lines[0].endswith(
        'pod ENI on VPC CNI v1.10.4 without DISABLE_TCP_EARLY_DEMUX; set it to "true" on aws-vpc-cni-init '
        "(DaemonSet/kube-system/aws-node[aws-vpc-cni-init])"
    )
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "VPC CNI v1.10.4 with ENABLE_POD_ENI=true, but the aws-vpc-cni-init init container sets " in why[0]
    assert 'DISABLE_TCP_EARLY_DEMUX to "false"' in why[0]
    assert "has no effect" not in why[0]
    assert result.code == 1


@pytest.mark.parametrize("value", ["true", "1", "True", "TRUE", "t", "valueFrom"])
def test_tcp_early_demux_accepts_go_true_values_and_unknown_ones(lint, value: str) -> None:
    text = aws_node(
        ":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")], init_env=[("DISABLE_TCP_EARLY_DEMUX", value)]
    )
    assert aws(lint, text) == []


def test_tcp_early_demux_unquoted_boolean_is_not_a_string(lint) -> None:
    text = aws_node(":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")]).replace(
        'value: "false"', "value: true", 1
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "value: true"))]
    assert 'pod ENI on VPC CNI v1.10.4 without DISABLE_TCP_EARLY_DEMUX; set it to "true"' in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "sets DISABLE_TCP_EARLY_DEMUX to true (unquoted, so not a string: the API server rejects it)" in why[0]


def test_tcp_early_demux_on_the_main_container_has_no_effect(lint) -> None:
    text = aws_node(
        ":v1.10.4",
        ":v1.10.4",
        main_env=[("DISABLE_TCP_EARLY_DEMUX", "true"), ("ENABLE_POD_ENI", "true")],
        init_env=[("ENABLE_IPv6", "false")],
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]  # the init container's env
    assert 'pod ENI on VPC CNI v1.10.4 without DISABLE_TCP_EARLY_DEMUX; set it to "true"' in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert (
        "does not set DISABLE_TCP_EARLY_DEMUX (DISABLE_TCP_EARLY_DEMUX on the aws-node container has no effect: "
        "only the aws-vpc-cni-init init container reads it)" in why[0]
    )


def test_tcp_early_demux_init_without_env_points_at_its_name(lint) -> None:
    text = aws_node(":v1.9.3", ":v1.9.3", main_env=[("ENABLE_POD_ENI", "true")], init_env=[])
    assert aws(lint, text) == [("aws-node-tcp-early-demux", pos(text, "name: aws-vpc-cni-init"))]


def test_tcp_early_demux_without_init_container_points_at_main_env(lint) -> None:
    text = aws_node(":v1.10.4", with_init=False, main_env=[("ENABLE_POD_ENI", "true")])
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]
    assert result.lines[0].endswith("(DaemonSet/kube-system/aws-node[aws-node])")
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "is missing, so nothing sets DISABLE_TCP_EARLY_DEMUX" in why[0]


def test_tcp_early_demux_notices_a_typo(lint) -> None:
    text = aws_node(
        ":v1.10.4", ":v1.10.4", main_env=[("ENABLE_POD_ENI", "true")], init_env=[("DISABLE_TCP_EARY_DEMUX", "true")]
    )
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-tcp-early-demux", pos(text, "env:"))]
    assert 'pod ENI on VPC CNI v1.10.4 without DISABLE_TCP_EARLY_DEMUX; set it to "true"' in result.lines[0]
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "(it sets DISABLE_TCP_EARY_DEMUX: a typo?)" in why[0]


@pytest.mark.parametrize(
    ("main_env", "tag"),
    [
        ([("ENABLE_POD_ENI", "false")], ":v1.10.4"),
        ([("ENABLE_POD_ENI", "valueFrom")], ":v1.10.4"),  # unknown, not wrong
        ([], ":v1.10.4"),
        ([("ENABLE_POD_ENI", "true")], ":v1.6.4"),  # before ENABLE_POD_ENI existed
    ],
)
def test_tcp_early_demux_quiet_cases(lint, main_env: list[tuple[str, str]], tag: str) -> None:
    assert aws(lint, aws_node(tag, tag, main_env=main_env)) == []


def test_tcp_early_demux_before_1_7_3_says_to_upgrade(lint) -> None:
    text = aws_node(":v1.7.2", ":v1.7.2", main_env=[("ENABLE_POD_ENI", "true")])
    assert 'set it to "true" on aws-vpc-cni-init (v1.7.3+)' in lint(text, "--select", AWS_RULES).stdout
    why = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "(it is read from v1.7.3 on: upgrade first)" in why[0]
