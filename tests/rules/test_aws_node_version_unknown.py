"""aws-node-version-unknown, and where the aws-node rules read the VPC CNI version from."""

from __future__ import annotations

import pytest

from tests.support import details
from tests.support.aws_node import AWS_RULES, DIGEST, ECR, aws, aws_node
from tests.support.rulecheck import found, pos


@pytest.mark.parametrize(
    ("main_tag", "init_tag", "main_env", "labels", "version"),
    [
        (":v1.18.3-eksbuild.2", ":v1.18.3", [], "", "v1.18.3"),
        (":1.7.5", ":1.7.5", [], "", "v1.7.5"),
        (":v1.12.1-rc1", ":latest", [], "", "v1.12.1"),
        (":v1.16.0" + DIGEST, DIGEST, [], "", "v1.16.0"),  # name:tag@digest: trust the tag
        (DIGEST, ":v1.10.4", [], "", "v1.10.4 (from the init image tag)"),
        (DIGEST, DIGEST, [("VPC_CNI_VERSION", "v1.16.2")], "", "v1.16.2 (from VPC_CNI_VERSION)"),
        (
            ":latest",
            ":latest",
            [],
            '    app.kubernetes.io/version: "v1.13.4"\n',
            "v1.13.4 (from the app.kubernetes.io/version label)",
        ),
    ],
)
def test_aws_node_version_sources(lint, main_tag, init_tag, main_env, labels, version) -> None:
    text = aws_node(main_tag, init_tag, main_env=[*main_env, ("ENABLE_POD_ENI", "true")], labels=labels)
    result = lint(text, "--select", AWS_RULES)
    assert len(result.lines) == 1
    (why,) = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert f"VPC CNI {version} with ENABLE_POD_ENI=true" in why


@pytest.mark.parametrize(
    ("main_tag", "init_tag", "main_env"),
    [
        (DIGEST, DIGEST, []),
        (":latest", ":latest", []),
        ("", "", []),
        (DIGEST, DIGEST, [("VPC_CNI_VERSION", "valueFrom")]),
    ],
)
def test_aws_node_version_unknown_instead_of_guessing(lint, main_tag, init_tag, main_env) -> None:
    text = aws_node(main_tag, init_tag, main_env=[*main_env, ("ENABLE_POD_ENI", "true")], addr="-addr=unix:///x")
    result = lint(text, "--select", AWS_RULES)
    assert found(result.lines) == [("aws-node-version-unknown", pos(text, f"image: {ECR}/amazon-k8s-cni{main_tag}\n"))]
    assert " info aws-node-version-unknown VPC CNI version unknown, version checks skipped: " in result.lines[0]
    (why,) = details(lint(text, "--select", AWS_RULES, "--format", "json"))
    assert "Cannot tell which VPC CNI version aws-node runs: image " in why
    assert result.code == 0  # info only


def test_probe_address_matching_versions_are_fine(lint) -> None:
    assert aws(lint, aws_node(":v1.23.1", ":v1.23.1", addr="-addr=unix:///var/run/aws-node/ipamd.sock")) == []
    assert aws(lint, aws_node(":v1.22.4", ":v1.22.4")) == []
