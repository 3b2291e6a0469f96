"""The API-validity rules on the real corpus find exactly the known true positives."""

from __future__ import annotations

from tests.support import CORPUS, CORPUS_MARKS, run_cli
from tests.support.apivalidity import API_RULES

pytestmark = CORPUS_MARKS


def test_real_corpus_findings_are_the_known_true_positives() -> None:
    result = run_cli(["--select", API_RULES, str(CORPUS / "real")])
    rows = sorted({(line.split("/real/", 1)[1].split(":", 1)[0], line.split(" ")[2]) for line in result.lines})
    assert rows == [
        ("kubernetes__examples/_archived/openshift-origin/etcd-controller.yaml", "duplicate-key"),
        ("kubernetes__examples/_archived/openshift-origin/etcd-discovery-controller.yaml", "duplicate-key"),
        ("kubernetes__examples/_archived/openshift-origin/openshift-controller.yaml", "duplicate-key"),
        ("kubernetes__website/content/en/examples/pods/probe/grpc-liveness.yaml", "probe-invalid"),  # gRPC:
    ]
    assert "internal-error" not in result.stdout
