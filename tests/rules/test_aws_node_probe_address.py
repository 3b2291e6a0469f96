"""aws-node-probe-address through the command line: grpc-health-probe -addr against the VPC CNI version."""

from __future__ import annotations

from tests.support import details
from tests.support.aws_node import aws_node
from tests.support.rulecheck import found, pos


def test_probe_address_tcp_against_1_23(lint) -> None:
    text = aws_node(":v1.23.0", ":v1.23.0")
    result = lint(text, "--select", "aws-node-probe-address")
    assert found(result.lines) == [
        ("aws-node-probe-address", pos(text, "-addr=:50051")),
        ("aws-node-probe-address", pos(text, "-addr=:50051", 2)),
    ]
    assert "aws-node liveness probe: -addr=:50051 but VPC CNI v1.23.0 serves the unix socket" in result.lines[0]
    why = details(lint(text, "--select", "aws-node-probe-address", "--format", "json"))
    assert "removed in v1.23.0" in why[0]
    assert "use -addr=unix:///var/run/aws-node/ipamd.sock" in why[0]


def test_probe_address_unix_before_1_23(lint) -> None:
    text = aws_node(":v1.22.4", ":v1.22.4", addr="-addr=unix:///var/run/aws-node/ipamd.sock")
    result = lint(text, "--select", "aws-node-probe-address")
    assert found(result.lines)[0] == ("aws-node-probe-address", pos(text, "-addr=unix"))
    assert "-addr=unix:///var/run/aws-node/ipamd.sock but VPC CNI v1.22.4 serves TCP :50051" in result.lines[0]
    why = details(lint(text, "--select", "aws-node-probe-address", "--format", "json"))
    assert "use -addr=:50051" in why[0]


def test_probe_address_separate_flag_and_shell_forms(lint) -> None:
    text = aws_node(":v1.23.0", ":v1.23.0").replace(
        "[/app/grpc-health-probe, -addr=:50051, -connect-timeout=5s, -rpc-timeout=5s]",
        "[/app/grpc-health-probe, -addr, ':50051', -connect-timeout=5s, -rpc-timeout=5s]",
        1,
    )
    text = text.replace(
        "[/app/grpc-health-probe, -addr=:50051, -connect-timeout=5s, -rpc-timeout=5s]",
        '[sh, -c, "timeout 9 /app/grpc-health-probe -addr=:50051 -rpc-timeout=2s"]',
    )
    assert found(lint(text, "--select", "aws-node-probe-address").lines) == [
        ("aws-node-probe-address", pos(text, "-addr, ")),
        ("aws-node-probe-address", pos(text, '"timeout 9')),
    ]
