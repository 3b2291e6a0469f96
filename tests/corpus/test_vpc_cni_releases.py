"""Real aws-node manifests of every VPC CNI release get what their probes deserve (../shared/corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import CORPUS, CORPUS_MARKS, run_cli
from tests.support.aws_node import AWS_RULES

pytestmark = CORPUS_MARKS

VPC_CNI = CORPUS / "real" / "aws__amazon-vpc-cni-k8s"


def _release_manifests() -> list[Path]:
    if not VPC_CNI.is_dir():
        return []
    tagged = sorted(VPC_CNI.glob("tags/*/config/master/aws-k8s-cni.yaml"))
    branches = sorted(VPC_CNI.glob("config/v1.*/aws-k8s-cni.yaml"))
    return tagged + branches + [VPC_CNI / "config" / "master" / "aws-k8s-cni.yaml"]


def _version_of(path: Path) -> tuple[int, int, int] | None:
    """The release a manifest belongs to, from its folder; None for the latest (config/master)."""
    match = re.search(r"/v1\.(\d+)(?:\.(\d+))?", str(path.relative_to(VPC_CNI)).replace("tags/", "/"))
    if match is None:
        return None
    return (1, int(match.group(1)), int(match.group(2) or 99))


@pytest.mark.parametrize("path", _release_manifests(), ids=lambda p: str(p.relative_to(VPC_CNI)))
def test_every_vpc_cni_release_gives_what_its_probes_deserve(path: Path) -> None:
    result = run_cli(["--select", AWS_RULES + ",exec-probe-timeout-mismatch,internal-error", str(path)])
    rules = sorted({line.split(" ")[2] for line in result.lines})
    version = _version_of(path)
    assert "Traceback" not in result.stderr
    if version is None or version >= (1, 10, 2):
        assert rules == [], result.lines
    elif version >= (1, 10, 0):
        assert rules == ["aws-node-probe-timeout"]  # timeoutSeconds 5, -connect-timeout=2s -rpc-timeout=2s
    elif version >= (1, 6, 0):
        # 1.6-1.9: no timeoutSeconds (1s) for grpc-health-probe's default 1s + 1s
        assert "aws-node-probe-timeout" in rules
        assert set(rules) <= {"aws-node-probe-timeout", "exec-probe-timeout-mismatch", "aws-node-version-unknown"}
    else:
        assert rules in ([], ["aws-node-version-unknown"])  # no probes before 1.6


def test_release_manifests_are_found_when_the_corpus_is_there() -> None:
    if not VPC_CNI.is_dir():
        pytest.skip("../shared/corpus is not available")
    assert len(_release_manifests()) > 60
