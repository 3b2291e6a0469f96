"""Conformance with kube-score's identical-probe fixtures (../shared/corpus/peers/EXPECTATIONS.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import CORPUS, CORPUS_MARKS, run_cli
from tests.support.timing import SAME, found

pytestmark = CORPUS_MARKS

KUBE_SCORE = CORPUS / "peers" / "zegl__kube-score" / "score" / "testdata"


@pytest.mark.skipif(not KUBE_SCORE.is_dir(), reason="kube-score fixtures are not available")
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # Identical handlers with default (equal) windows: liveness gives up no later than readiness.
        ("pod-probes-identical-http.yaml", [(15, 5, "warning", SAME)]),
        ("pod-probes-identical-tcp.yaml", [(14, 5, "warning", SAME)]),
        ("pod-probes-identical-exec.yaml", [(16, 5, "warning", SAME)]),
        ("pod-probes-both.yaml", []),
    ],
)
def test_kube_score_identical_probes(fixture: str, expected: list[tuple[int, int, str, str]]) -> None:
    result = run_cli(["--select", SAME, fixture], cwd=KUBE_SCORE)
    assert found(result) == expected
    assert all(line.endswith("[foobar])") for line in result.lines)


@pytest.mark.skipif(not KUBE_SCORE.is_dir(), reason="kube-score fixtures are not available")
def test_kube_score_identical_probe_made_tolerant_is_not_flagged(tmp_path: Path) -> None:
    """The complaint about kube-score: the same endpoint with a more tolerant liveness is still flagged."""
    text = (KUBE_SCORE / "pod-probes-identical-http.yaml").read_text(encoding="utf-8")
    tolerant = text.replace("    livenessProbe:\n", "    livenessProbe:\n      failureThreshold: 6\n")
    assert tolerant != text
    (tmp_path / "tolerant.yaml").write_text(tolerant, encoding="utf-8")
    assert run_cli(["--select", SAME, "tolerant.yaml"], cwd=tmp_path).lines == []
