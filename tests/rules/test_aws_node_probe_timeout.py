"""aws-node-probe-timeout through the command line, and which workloads the aws-node rules take for aws-node."""

from __future__ import annotations

from pathlib import Path

from tests.support import details
from tests.support.aws_node import ECR, aws, aws_node
from tests.support.rulecheck import configure, found, pos


def test_upstream_shaped_aws_node_is_clean(lint) -> None:
    assert aws(lint, aws_node()) == []


def test_aws_node_is_found_by_image_whatever_its_name(lint) -> None:
    text = aws_node(":v1.10.0", name="vpc-cni", timeout="5").replace(
        ECR, "877085696533.dkr.ecr.af-south-1.amazonaws.com"
    )
    assert [rule for rule, _ in aws(lint, text)] == ["aws-node-probe-timeout", "aws-node-probe-timeout"]
    public = aws_node(":v1.19.0", name="cni", timeout="5").replace(ECR + "/", "public.ecr.aws/eks/")
    assert [rule for rule, _ in aws(lint, public)] == ["aws-node-probe-timeout", "aws-node-probe-timeout"]


def test_other_workloads_are_not_aws_node(lint) -> None:
    text = aws_node(":v1.10.0", timeout="5").replace("kind: DaemonSet", "kind: Deployment")
    text = text.replace("amazon-k8s-cni:", "my-cni:")
    assert aws(lint, text) == []


def test_aws_node_probe_timeout_points_at_timeout_or_probe_key(lint) -> None:
    text = aws_node(":v1.10.0", timeout="5")
    result = lint(text, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5")),
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5", 2)),
    ]
    assert (
        "aws-node liveness probe: timeoutSeconds 5; set 10 or more (the CNI's own value since v1.10.2)"
        in result.lines[0]
    )
    why = details(lint(text, "--select", "aws-node-probe-timeout", "--format", "json"))
    assert "OCI runtime exec failed ... resource temporarily unavailable" in why[0]
    unset = aws_node(":v1.9.3", timeout="")
    result = lint(unset, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(unset, "livenessProbe")),
        ("aws-node-probe-timeout", pos(unset, "readinessProbe")),
    ]
    assert "aws-node readiness probe: timeoutSeconds unset, so 1s; set 10 or more" in result.lines[1]
    why = details(lint(unset, "--select", "aws-node-probe-timeout", "--format", "json"))
    assert "timeoutSeconds is unset, so the kubelet uses 1s" in why[1]


def test_aws_node_probe_timeout_option(lint, tmp_path: Path) -> None:
    configure(tmp_path, "rules:\n  aws-node-probe-timeout:\n    min-timeout-seconds: 30\n")
    assert len(lint(aws_node(), "--select", "aws-node-probe-timeout").lines) == 2


def test_aws_node_in_a_kubectl_list(lint) -> None:
    item = aws_node(":v1.10.1", timeout="5")
    indented = "".join("    " + line if line.strip() else line for line in item.splitlines(keepends=True))
    text = "apiVersion: v1\nkind: List\nitems:\n  - " + indented[4:] + 'metadata:\n  resourceVersion: ""\n'
    result = lint(text, "--select", "aws-node-probe-timeout")
    assert found(result.lines) == [
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5")),
        ("aws-node-probe-timeout", pos(text, "timeoutSeconds: 5", 2)),
    ]
